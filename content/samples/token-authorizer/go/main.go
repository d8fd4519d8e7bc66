// A TOKEN authorizer: API Gateway sends the Authorization header as authorizationToken and the
// method's ARN as methodArn; the answer is who the caller is and an IAM policy.
package main

import (
	"errors"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var users = map[string]string{"token-ada": "ada", "token-grace": "grace"}

func handler(event events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	userID, known := users[strings.TrimPrefix(event.AuthorizationToken, "Bearer ")]
	if !known {
		// This exact message makes API Gateway answer 401 instead of 500.
		return events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")
	}

	// arn:aws:execute-api:region:account:apiId/stage/VERB/path -> every GET of this API and stage,
	// so a cached answer also fits the caller's next GET on another path.
	parts := strings.Split(event.MethodArn, "/")
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: userID,
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{{
				Action:   []string{"execute-api:Invoke"},
				Effect:   "Allow",
				Resource: []string{parts[0] + "/" + parts[1] + "/GET/*"},
			}},
		},
		Context: map[string]interface{}{"userId": userID},
	}, nil
}

func main() {
	lambda.Start(handler)
}
