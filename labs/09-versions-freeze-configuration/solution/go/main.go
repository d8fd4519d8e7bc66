package main

import (
	"context"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type Response struct {
	Version  string `json:"version"`
	Alias    string `json:"alias,omitempty"`
	Greeting string `json:"greeting"`
}

// Read once per execution environment: an environment runs one version, and a version's
// configuration never changes.
var greeting = os.Getenv("GREETING")

var versionNumber = regexp.MustCompile(`^[0-9]+$`)

// aliasOf returns the alias in an ARN such as
// arn:aws:lambda:us-east-1:123456789012:function:lab9:live, or "" when there is none.
func aliasOf(invokedFunctionArn string) string {
	parts := strings.Split(invokedFunctionArn, ":")
	if len(parts) < 8 {
		return ""
	}
	qualifier := parts[7]
	// A version ($LATEST or a number) is not an alias.
	if qualifier == "$LATEST" || versionNumber.MatchString(qualifier) {
		return ""
	}
	return qualifier
}

func handler(ctx context.Context, event map[string]interface{}) (Response, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	return Response{
		Version:  lambdacontext.FunctionVersion,
		Alias:    aliasOf(lc.InvokedFunctionArn),
		Greeting: greeting,
	}, nil
}

func main() {
	lambda.Start(handler)
}
