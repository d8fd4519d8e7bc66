package main

import (
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
)

// Set once per execution environment, during init: true only until the first invocation.
var coldStart = true

type Event struct {
	Name string `json:"name"`
}

type Response struct {
	Message   string `json:"message"`
	ColdStart bool   `json:"coldStart"`
}

func handler(event Event) (Response, error) {
	name := event.Name
	if name == "" {
		name = "world"
	}
	wasCold := coldStart
	coldStart = false
	fmt.Printf("Greeting %s (cold start: %t)\n", name, wasCold)
	return Response{Message: fmt.Sprintf("Hello, %s!", name), ColdStart: wasCold}, nil
}

func main() {
	lambda.Start(handler)
}
