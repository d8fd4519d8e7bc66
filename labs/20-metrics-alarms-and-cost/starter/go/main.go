package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type order struct {
	OrderID string  `json:"orderId"`
	Amount  float64 `json:"amount"`
}

func handle(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		var o order
		if err := json.Unmarshal([]byte(record.Body), &o); err != nil {
			return err
		}
		accepted := o.Amount > 0
		// A log line for people to read. TODO: publish OrdersAccepted and OrdersRejected as metrics.
		fmt.Printf(`{"service":"orders","orderId":%q,"accepted":%t}`+"\n", o.OrderID, accepted)
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
