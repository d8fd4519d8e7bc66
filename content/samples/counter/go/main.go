package main

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

// Package variables are set once per execution environment, when Init starts the binary.
var (
	startedAt   = time.Now().UTC().Format(time.RFC3339)
	invocations = 0
)

type result struct {
	StartedAt   string `json:"startedAt"`
	Invocations int    `json:"invocations"`
}

func handler(ctx context.Context, event map[string]any) (result, error) {
	invocations++ // still counting on a warm start
	return result{StartedAt: startedAt, Invocations: invocations}, nil
}

func main() {
	lambda.Start(handler)
}
