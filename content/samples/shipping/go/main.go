package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"shipping/core"
)

type parcel struct {
	WeightGrams int64 `json:"weightGrams"`
	Express     bool  `json:"express"`
}

type price struct {
	ShippingCents int64 `json:"shippingCents"`
}

// The handler only adapts the event to the core and the core's answer to a response.
func handler(ctx context.Context, event parcel) (price, error) {
	return price{ShippingCents: core.ShippingCents(event.WeightGrams, event.Express)}, nil
}

func main() {
	lambda.Start(handler)
}
