package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
)

type orderRequest struct {
	Drink string `json:"drink"` // "" when the event has no drink
}

type orderResponse struct {
	Order string `json:"order"`
}

func handler(ctx context.Context, event orderRequest) (orderResponse, error) {
	drink := event.Drink
	if drink == "" {
		drink = "coffee"
	}
	fmt.Println("Order for " + drink)
	return orderResponse{Order: "One " + drink + ", coming up"}, nil
}

func main() {
	lambda.Start(handler)
}
