package main

import (
	"context"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type batch struct {
	Items []string `json:"items"`
}

type summary struct {
	Processed int    `json:"processed"`
	RequestID string `json:"requestId"`
}

func processItem(item string) {} // your real work

func handler(ctx context.Context, event batch) (summary, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	processed := 0
	for _, item := range event.Items {
		// Keep a margin to answer before the timeout ends the invocation.
		if time.Until(deadline) < 500*time.Millisecond {
			break
		}
		processItem(item)
		processed++
	}
	log.Printf("%s processed %d items", lambdacontext.FunctionName, processed)
	return summary{Processed: processed, RequestID: lc.AwsRequestID}, nil
}

func main() {
	lambda.Start(handler)
}
