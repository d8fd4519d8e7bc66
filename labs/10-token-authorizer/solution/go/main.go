package main

import (
	"context"
	"errors"
	"log"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var bearer = regexp.MustCompile(`^Bearer (\S+)$`)

type authorizer struct {
	dynamodb  *dynamodb.Client
	tableName string
}

func (a authorizer) handle(ctx context.Context, event events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	// "Bearer <token>": anything else is not a token of ours.
	match := bearer.FindStringSubmatch(event.AuthorizationToken)
	if match == nil {
		return events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")
	}
	out, err := a.dynamodb.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &a.tableName,
		Key:       map[string]types.AttributeValue{"token": &types.AttributeValueMemberS{Value: match[1]}},
	})
	if err != nil {
		return events.APIGatewayCustomAuthorizerResponse{}, err
	}
	// The exact message "Unauthorized" is what API Gateway turns into a 401.
	if out.Item == nil {
		return events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")
	}
	userID := out.Item["userId"].(*types.AttributeValueMemberS).Value

	// arn:aws:execute-api:region:account:api/stage/VERB/path: the policy names every order of
	// this API and stage, not only this request's method, because API Gateway caches it for
	// the token and applies it to the caller's next requests too.
	parts := strings.Split(event.MethodArn, "/")
	orders := parts[0] + "/" + parts[1] + "/"
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: userID,
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{
				{Action: []string{"execute-api:Invoke"}, Effect: "Allow", Resource: []string{orders + "*/orders/*"}},
				// An explicit Deny wins over the Allow above.
				{Action: []string{"execute-api:Invoke"}, Effect: "Deny", Resource: []string{orders + "DELETE/orders/*"}},
			},
		},
		Context: map[string]interface{}{"userId": userID},
	}, nil
}

func main() {
	// Made once per execution environment; the table's name comes from the configuration.
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	a := authorizer{dynamodb: dynamodb.NewFromConfig(cfg), tableName: os.Getenv("TABLE_NAME")}
	lambda.Start(a.handle)
}
