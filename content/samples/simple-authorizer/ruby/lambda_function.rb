# An HTTP API authorizer with simple responses (payload format 2.0): the request's headers
# arrive with lower-case names, and the answer is only yes or no, plus context.
USERS = { 'token-ada' => 'ada', 'token-grace' => 'grace' }.freeze

def lambda_handler(event:, context:)
  token = (event['headers'] || {}).fetch('authorization', '').delete_prefix('Bearer ')
  user_id = USERS[token]
  return { isAuthorized: false } if user_id.nil?

  { isAuthorized: true, context: { userId: user_id } }
end
