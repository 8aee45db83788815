import { emit, readSnapshot } from "./snapshot.ts";

// When the data was published and whether it is synthetic: the page header needs nothing else.
emit(() => {
  const { generated_at, years, synthetic } = readSnapshot("meta");
  return { generated_at, years, synthetic };
});
