package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"separate-handler-from-core/core"
)

type order struct {
	Items  []core.Item `json:"items"`
	Coupon string      `json:"coupon"`
}

// The handler only adapts: it takes the event apart, calls the core, and shapes the answer.
func handler(ctx context.Context, event order) (core.Quote, error) {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		log.Printf("pricing %d items for request %s", len(event.Items), lc.AwsRequestID)
	}
	return core.PriceOrder(event.Items, event.Coupon), nil
}

func main() {
	lambda.Start(handler)
}
