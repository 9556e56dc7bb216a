cwlVersion: v1.0
class: Workflow
inputs:
  message: string
outputs:
  greeting:
    type: File
    outputSource: greet/greeting
steps:
  greet:
    run: greet.cwl
    in:
      message: message
    out: [greeting]
