cwlVersion: v1.0
class: CommandLineTool
baseCommand: echo
requirements:
  DockerRequirement:
    dockerPull: docker.io/library/python:3.12-slim
inputs:
  message:
    type: string
    inputBinding:
      position: 1
outputs: []
