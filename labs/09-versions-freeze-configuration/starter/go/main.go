// Lab 9: versions freeze configuration.
// The same code runs as $LATEST, as each published version, and behind each alias. Lambda
// tells the function which of these it is: the package variables of lambdacontext (import
// "github.com/aws/aws-lambda-go/lambdacontext") hold the version that is running, and
// lambdacontext.FromContext(ctx) the ARN the caller used.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

// Goes out as {"version": ..., "alias": ..., "greeting": ...}; an empty alias is left out.
type Response struct {
	Version  string `json:"version"`
	Alias    string `json:"alias,omitempty"`
	Greeting string `json:"greeting"`
}

// Configuration comes from the environment, read once when the execution environment starts.
var greeting = os.Getenv("GREETING")

// The release this code belongs to, kept by hand.
const version = "$LATEST"

func handler(ctx context.Context, event map[string]interface{}) (Response, error) {
	// Your code here: report the version that is running and the alias this call came
	// through (empty when there is none), from what Lambda gives the function.
	return Response{Version: version, Alias: "", Greeting: greeting}, nil
}

func main() {
	lambda.Start(handler)
}
