// Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
// Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
package main

import (
	"context"
	"encoding/json"
	"fmt"

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

// A record that cannot be read fails the invocation: the mapping then bisects the batch down to
// that record and, its retries spent, describes it to the on-failure destination, while every
// other record of the shard goes through (DG services-kinesis-parameters.html).
func handler(ctx context.Context, event events.KinesisEvent) (summary, error) {
	total := 0
	for _, record := range event.Records {
		var p payment
		// record.Kinesis.Data is already decoded from base64.
		if err := json.Unmarshal(record.Kinesis.Data, &p); err != nil {
			return summary{}, fmt.Errorf("record %s: %w", record.Kinesis.SequenceNumber, err)
		}
		total += p.AmountCents
	}
	return summary{Records: len(event.Records), TotalCents: total}, nil
}

func main() {
	lambda.Start(handler)
}
