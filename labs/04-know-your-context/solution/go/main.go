package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type Response struct {
	RequestID    string `json:"requestId"`
	FunctionName string `json:"functionName"`
	RemainingMs  int64  `json:"remainingMs"`
	DeadlineMs   int64  `json:"deadlineMs"`
}

func handler(ctx context.Context, event map[string]interface{}) (Response, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	remainingMs := time.Until(deadline).Milliseconds()
	// One JSON object per line, so a log query can filter on requestId.
	line, _ := json.Marshal(map[string]interface{}{"requestId": lc.AwsRequestID, "message": "Handling a request", "remainingMs": remainingMs})
	fmt.Println(string(line))
	return Response{
		RequestID:    lc.AwsRequestID,
		FunctionName: lambdacontext.FunctionName,
		RemainingMs:  remainingMs,
		DeadlineMs:   deadline.UnixMilli(),
	}, nil
}

func main() {
	lambda.Start(handler)
}
