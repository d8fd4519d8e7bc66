package main

import (
	"context"
	"os/exec"

	"github.com/aws/aws-lambda-go/lambda"
)

type request struct {
	Name string `json:"name"`
}

func handler(ctx context.Context, event request) (map[string]string, error) {
	if event.Name == "" {
		event.Name = "world"
	}
	// "greet" is found on PATH, which includes /opt/bin.
	out, err := exec.CommandContext(ctx, "greet", event.Name).Output()
	if err != nil {
		return nil, err
	}
	return map[string]string{"message": string(out)}, nil
}

func main() {
	lambda.Start(handler)
}
