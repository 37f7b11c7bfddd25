// The sandbox's Kubernetes part: a real 1.20 control plane and simulated AKS nodes (see
// docs/adr/0003-kubernetes-1.20-control-plane.md and scripts/kube/prepare.sh).
export {
  startControlPlane,
  LARGE_NODE_TIMINGS,
  type ExtraToken,
  type RunningControlPlane,
  type StartControlPlaneOptions,
} from './control-plane.js';
export type { NodeTimings } from './flags.js';
export type { ClusterNodes, PoolSpec } from './cluster-backend.js';
export { SimulatedClusterNodes } from './cluster-nodes.js';
export {
  NodeSimulator,
  type NodeDirectory,
  type NodeSimulatorOptions,
  type SimulatedNode,
} from './nodes.js';
export { NodeAgent, type NodeAgentOptions } from './node-agent.js';
export {
  InMemoryImageCatalog,
  normalizeImageRef,
  type ImageCatalog,
  type ImageVariant,
} from './image-catalog.js';
export { canRun, planPull, type NodePlatform, type PullPlan } from './compatibility.js';
export { nodeName, scaleSetName, type ClusterPlacement } from './node-object.js';
export { kubeBinaries, type KubeBinaries } from './settings.js';
export {
  startSimulatedCluster,
  type SimulatedCluster,
  type StartSimulatedClusterOptions,
} from './cluster.js';
