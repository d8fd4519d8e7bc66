// Read once per execution environment, during Init.
const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error('Missing environment variable TABLE_NAME');
const greeting = process.env.GREETING ?? 'Hello'; // optional, with a default

export const handler = async (event) => ({
  table: tableName,
  message: `${greeting}, ${event.name ?? 'world'}!`,
});
