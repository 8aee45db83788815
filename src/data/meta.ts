import { readSnapshot } from "../contract/snapshot.ts";

// When the data was published, whether it is synthetic, and the region: the page header needs nothing else.
export function metaData() {
  const { generated_at, years, synthetic, region } = readSnapshot("meta");
  return { generated_at, years, synthetic, region };
}
