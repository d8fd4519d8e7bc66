// Lab 3: event in, response out.
// API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event:
// request.HTTPMethod, request.Path, request.Headers, and request.Body, the request body as a
// string ("" when there is none). It turns what the handler returns into the HTTP response.
package main

import (
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handler(request events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	// Your code here: read the order from request.Body, answer 201 with the accepted order,
	// 400 when the body is not a valid order, and return an *OutOfStockError for unicorns.
	body, _ := json.Marshal(map[string]string{"error": "This function does not take orders yet"})
	return events.APIGatewayProxyResponse{
		StatusCode: 501,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(body),
	}, nil
}

func main() {
	lambda.Start(handler)
}
