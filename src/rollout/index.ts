export { hashOf, inShard, MAX_SHARDS, parseShard, type Shard, shardOf } from './shard.js';
export { DEFAULT_ROLLOUT, type RolloutSettings, rolloutSettings, waves } from './waves.js';
export { type WindowState, windowState } from './window.js';
export { needsWindow, windowRisks } from './window-risks.js';
