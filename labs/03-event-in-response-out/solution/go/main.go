package main

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// Returned, not answered: an order the shop cannot serve is an error worth an alarm.
// Lambda reports the error's Go type name as the errorType.
type OutOfStockError struct {
	Item string
}

func (e *OutOfStockError) Error() string {
	return fmt.Sprintf("Sorry, we are out of %s", e.Item)
}

func respond(statusCode int, body interface{}) (events.APIGatewayProxyResponse, error) {
	text, err := json.Marshal(body)
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	return events.APIGatewayProxyResponse{
		StatusCode: statusCode,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(text),
	}, nil
}

func problem(message string) (events.APIGatewayProxyResponse, error) {
	return respond(400, map[string]string{"error": message})
}

func handler(request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	var parsed interface{}
	if err := json.Unmarshal([]byte(request.Body), &parsed); err != nil {
		return problem(`The body must be JSON, for example {"item": "tea", "quantity": 2}`)
	}
	order, ok := parsed.(map[string]interface{})
	if !ok {
		return problem("The body must be a JSON object")
	}
	item, ok := order["item"].(string)
	if !ok || item == "" {
		return problem("item must be a non-empty string")
	}
	quantity, ok := order["quantity"].(float64)
	if !ok || quantity < 1 || quantity != math.Trunc(quantity) {
		return problem("quantity must be a whole number of at least 1")
	}
	if item == "unicorn" {
		return events.APIGatewayProxyResponse{}, &OutOfStockError{Item: item}
	}
	return respond(201, map[string]interface{}{"item": item, "quantity": int(quantity), "status": "accepted"})
}

func main() {
	lambda.Start(handler)
}
