// Lab 1: hello handler.
// Code outside the handler (package variables, func init) runs once per execution
// environment: during init, the cold start.
package main

import "github.com/aws/aws-lambda-go/lambda"

// Event is the JSON the function was invoked with, for example {"name": "Ada"}.
type Event struct {
	Name string `json:"name"`
}

// Response is turned into the JSON the caller gets back.
type Response struct {
	Message string `json:"message"`
}

// Lambda calls the handler once per invocation.
func handler(event Event) (Response, error) {
	// Your code here: greet event.Name ("world" when there is none), log a line that
	// mentions the name, and return "coldStart": true or false.
	return Response{Message: "Hello, world!"}, nil
}

func main() {
	lambda.Start(handler)
}
