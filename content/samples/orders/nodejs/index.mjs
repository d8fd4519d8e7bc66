export const handler = async (event, context) => {
  const drink = event.drink ?? 'coffee'; // a field the event may not have
  console.log(`Order for ${drink}`);
  return { order: `One ${drink}, coming up` };
};
