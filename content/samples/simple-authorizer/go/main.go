// An HTTP API authorizer with simple responses (payload format 2.0): the request's headers
// arrive with lower-case names, and the answer is only yes or no, plus context.
package main

import (
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var users = map[string]string{"token-ada": "ada", "token-grace": "grace"}

func handler(event events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
	userID, known := users[strings.TrimPrefix(event.Headers["authorization"], "Bearer ")]
	if !known {
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: false}, nil
	}
	return events.APIGatewayV2CustomAuthorizerSimpleResponse{
		IsAuthorized: true,
		Context:      map[string]interface{}{"userId": userID},
	}, nil
}

func main() {
	lambda.Start(handler)
}
