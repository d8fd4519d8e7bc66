package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

func handler(ctx context.Context, event map[string]any) (map[string]bool, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	line, _ := json.Marshal(map[string]string{"level": "info", "requestId": lc.AwsRequestID, "message": "order received"})
	fmt.Println(string(line))
	return map[string]bool{"ok": true}, nil
}

func main() {
	lambda.Start(handler)
}
