package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type item struct {
	SKU            string `json:"sku"`
	UnitPriceCents int64  `json:"unitPriceCents"`
	Quantity       int64  `json:"quantity"`
}

type order struct {
	Items  []item `json:"items"`
	Coupon string `json:"coupon"`
}

type quote struct {
	SubtotalCents int64 `json:"subtotalCents"`
	DiscountCents int64 `json:"discountCents"`
	TotalCents    int64 `json:"totalCents"`
}

// Everything in the handler: the pricing rules can only be reached through a Lambda event and
// context, so testing them means faking both.
func handler(ctx context.Context, event order) (quote, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	log.Printf("pricing %d items for request %s", len(event.Items), lc.AwsRequestID)
	var subtotal int64
	for _, it := range event.Items {
		subtotal += it.UnitPriceCents * it.Quantity
	}
	var discount int64
	if event.Coupon == "SAVE10" {
		discount = subtotal * 10 / 100
	}
	if event.Coupon == "FLAT500" {
		discount = min(500, subtotal)
	}
	return quote{SubtotalCents: subtotal, DiscountCents: discount, TotalCents: subtotal - discount}, nil
}

func main() {
	lambda.Start(handler)
}
