// Built into a binary named bootstrap for the provided.al2023 runtime;
// lambda.Start tells it which function handles events.
package main

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/lambda"
)

type greetRequest struct {
	Name string `json:"name"`
}

type greetResponse struct {
	Greeting string `json:"greeting"`
}

func handler(ctx context.Context, event greetRequest) (greetResponse, error) {
	if event.Name == "" {
		return greetResponse{}, errors.New("event.name must be a non-empty string")
	}
	return greetResponse{Greeting: "Hello, " + event.Name + "!"}, nil
}

func main() {
	lambda.Start(handler)
}
