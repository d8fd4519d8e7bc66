// Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
// Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type payment struct {
	Account     string `json:"account"`
	AmountCents int    `json:"amountCents"`
}

type summary struct {
	Records    int `json:"records"`
	TotalCents int `json:"totalCents"`
}

func handler(ctx context.Context, event events.KinesisEvent) (summary, error) {
	total := 0
	for _, record := range event.Records {
		var p payment
		// record.Kinesis.Data is already decoded from base64.
		if err := json.Unmarshal(record.Kinesis.Data, &p); err != nil {
			// "Keep the stream moving": skip what cannot be read.
			log.Printf("skipped record %s: %v", record.Kinesis.SequenceNumber, err)
			continue
		}
		total += p.AmountCents
	}
	return summary{Records: len(event.Records), TotalCents: total}, nil
}

func main() {
	lambda.Start(handler)
}
