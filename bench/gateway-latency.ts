/** Gateway added latency vs direct to the stand-in upstream (interleaved rounds), and quota decision time. */
import { benchGateway } from "../agent-enroller/src/gateway/bench-gateway";

export async function run() {
  return benchGateway({ rounds: Number(process.env.BENCH_GATEWAY_ROUNDS ?? 2000) });
}
