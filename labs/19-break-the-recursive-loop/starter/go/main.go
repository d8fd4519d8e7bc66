package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// An order message; Hops is 0 when the message has none.
type order struct {
	OrderID string `json:"orderId"`
	Hops    int    `json:"hops"`
}

type consumer struct {
	sqs      *sqs.Client
	queueURL *string
	maxHops  int
}

func (c consumer) handle(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		var o order
		if err := json.Unmarshal([]byte(record.Body), &o); err != nil {
			return err
		}
		log.Printf("order %s: hop %d", o.OrderID, o.Hops)
		// Every order gets a follow-up on the same queue... and so does every follow-up.
		// TODO: stop once the order has had MAX_HOPS follow-ups (c.maxHops).
		body, _ := json.Marshal(order{OrderID: o.OrderID, Hops: o.Hops + 1})
		if _, err := c.sqs.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: c.queueURL, MessageBody: aws.String(string(body))}); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	// Made once per execution environment. The SDK sends the invocation's trace header
	// (_X_AMZN_TRACE_ID) with every call, which is how Lambda follows the chain through the queue.
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	client := sqs.NewFromConfig(cfg)
	out, err := client.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String(os.Getenv("QUEUE_NAME"))})
	if err != nil {
		log.Fatal(err)
	}
	maxHops, err := strconv.Atoi(os.Getenv("MAX_HOPS"))
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start(consumer{sqs: client, queueURL: out.QueueUrl, maxHops: maxHops}.handle)
}
