cwlVersion: v1.0
class: CommandLineTool
baseCommand: echo
stdout: greeting.txt
inputs:
  message:
    type: string
    inputBinding:
      position: 1
outputs:
  greeting:
    type: stdout
