package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type order struct {
	OrderID string  `json:"orderId"`
	Amount  float64 `json:"amount"`
}

// publish prints one embedded metric format document per order: CloudWatch Logs extracts the
// metrics from the log line, so publishing costs no API call in the handler.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
func publish(accepted bool) {
	acceptedCount, rejectedCount := 0, 1
	if accepted {
		acceptedCount, rejectedCount = 1, 0
	}
	fmt.Printf(`{"_aws":{"Timestamp":%d,"CloudWatchMetrics":[{"Namespace":"Lab20/Orders","Dimensions":[["Service"]],"Metrics":[{"Name":"OrdersAccepted","Unit":"Count"},{"Name":"OrdersRejected","Unit":"Count"}]}]},"Service":"orders","OrdersAccepted":%d,"OrdersRejected":%d}`+"\n",
		time.Now().UnixMilli(), acceptedCount, rejectedCount)
}

func handle(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		var o order
		if err := json.Unmarshal([]byte(record.Body), &o); err != nil {
			return err
		}
		accepted := o.Amount > 0
		publish(accepted)
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
