// Lab 17: an order consumer fed by an SQS queue through an event source mapping.
// Each message body is an order: {"orderId": "o-1", "quantity": 2}.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type order struct {
	OrderID  string `json:"orderId"`
	Quantity int    `json:"quantity"`
}

// processOrder checks one order; it fails when the body is not an order we can process.
func processOrder(body string) error {
	var o order
	if err := json.Unmarshal([]byte(body), &o); err != nil {
		return err
	}
	if o.OrderID == "" {
		return errors.New("an order needs an orderId")
	}
	if o.Quantity < 1 {
		return fmt.Errorf("order %s: quantity must be a whole number of at least 1", o.OrderID)
	}
	// A real consumer would charge and ship the order here.
	return nil
}

// With ReportBatchItemFailures on the mapping, Lambda deletes every message except those named
// here; they come back after the visibility timeout (DG services-sqs-errorhandling.html).
func handler(ctx context.Context, event events.SQSEvent) (events.SQSEventResponse, error) {
	failures := []events.SQSBatchItemFailure{}
	for _, record := range event.Records {
		if err := processOrder(record.Body); err != nil {
			log.Printf("message %s failed: %v", record.MessageId, err)
			failures = append(failures, events.SQSBatchItemFailure{ItemIdentifier: record.MessageId})
		}
	}
	return events.SQSEventResponse{BatchItemFailures: failures}, nil
}

func main() {
	lambda.Start(handler)
}
