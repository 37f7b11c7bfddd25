import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterNodes } from './cluster-backend.js';
import { SimulatedClusterNodes } from './cluster-nodes.js';
import {
  startControlPlane,
  type RunningControlPlane,
  type StartControlPlaneOptions,
} from './control-plane.js';
import type { ImageCatalog } from './image-catalog.js';
import { NodeAgent, type NodeAgentOptions } from './node-agent.js';
import { NodeSimulator, type NodeSimulatorOptions } from './nodes.js';

export interface StartSimulatedClusterOptions {
  readonly controlPlane?: StartControlPlaneOptions;
  readonly nodes?: NodeSimulatorOptions;
  readonly agent?: NodeAgentOptions;
  readonly images: ImageCatalog;
}

/** A control plane with its simulated nodes and node agent: what one sandbox AKS cluster needs. */
export interface SimulatedCluster {
  readonly controlPlane: RunningControlPlane;
  readonly kubeConfig: KubeConfig;
  readonly simulator: NodeSimulator;
  readonly agent: NodeAgent;
  /** What the ARM emulator calls when agent pools change. */
  readonly nodes: ClusterNodes;
  stop(): Promise<void>;
}

export async function startSimulatedCluster(
  options: StartSimulatedClusterOptions,
): Promise<SimulatedCluster> {
  const controlPlane = await startControlPlane(options.controlPlane);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(controlPlane.kubeconfigPath);
  const simulator = new NodeSimulator(kubeConfig, options.nodes);
  const agent = new NodeAgent(kubeConfig, simulator, options.images, options.agent);
  const stop = async (): Promise<void> => {
    simulator.stop();
    await agent.stop();
    await controlPlane.stop();
  };
  try {
    await agent.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    controlPlane,
    kubeConfig,
    simulator,
    agent,
    nodes: new SimulatedClusterNodes(simulator),
    stop,
  };
}
