// Lab 4: know your context.
// Lambda passes a context.Context as the handler's first argument. It carries facts about
// this invocation that the event does not: lambdacontext.FromContext(ctx) (import
// "github.com/aws/aws-lambda-go/lambdacontext") and ctx.Deadline(). Facts about the function
// itself are package variables of lambdacontext.
package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
)

type Response struct {
	RequestID    string `json:"requestId"`
	FunctionName string `json:"functionName"`
	RemainingMs  int64  `json:"remainingMs"`
	DeadlineMs   int64  `json:"deadlineMs"`
}

func handler(ctx context.Context, event map[string]interface{}) (Response, error) {
	// Your code here: fill these in from the context, and log the request id in a JSON line,
	// for example {"requestId": "...", "message": "Handling a request"}.
	requestID := ""
	functionName := ""
	var remainingMs int64 // milliseconds left before the timeout
	var deadlineMs int64  // the moment of the timeout, in milliseconds since 1970
	fmt.Println("Handling a request")
	return Response{RequestID: requestID, FunctionName: functionName, RemainingMs: remainingMs, DeadlineMs: deadlineMs}, nil
}

func main() {
	lambda.Start(handler)
}
