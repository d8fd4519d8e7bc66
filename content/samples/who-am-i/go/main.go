package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

func handler(ctx context.Context) (map[string]string, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	return map[string]string{"version": lambdacontext.FunctionVersion, "invokedAs": lc.InvokedFunctionArn}, nil
}

func main() {
	lambda.Start(handler)
}
