/**
 * The Kubernetes API calls the adapter's sources make, found by TypeScript's checker: every call of
 * a method declared on an API class of @kubernetes/client-node (`AppsV1Api`, `KubernetesObjectApi`,
 * ...), whatever the variable holding the client is called. Factories and configuration
 * (`makeApiClient`, `KubeConfig`) make no request and are left out.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const KUBERNETES_ADAPTER_DIR = path.resolve(process.cwd(), 'src', 'adapters', 'kubernetes');

const NO_REQUEST = new Set(['makeApiClient']);

function declaringClass(declaration: ts.Declaration): string | undefined {
  const owner = declaration.parent;
  if ((ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)) && owner.name)
    return owner.name.text.replace(/^(Object|Promise)(?=\w+Api$)/, '');
  return undefined;
}

/** File name -> the set of `Class.method` calls it makes to @kubernetes/client-node's APIs. */
export function kubernetesClientCalls(dir = KUBERNETES_ADAPTER_DIR): Map<string, Set<string>> {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const calls = new Map<string, Set<string>>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) continue;
    const found = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name;
        const declaration = checker.getSymbolAtLocation(method)?.declarations?.[0];
        const fromClient = declaration
          ?.getSourceFile()
          .fileName.includes('/@kubernetes/client-node/');
        const owner = declaration && fromClient ? declaringClass(declaration) : undefined;
        if (owner !== undefined && owner !== 'KubeConfig' && !NO_REQUEST.has(method.text))
          found.add(`${owner}.${method.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    if (found.size > 0) calls.set(path.basename(file), found);
  }
  return calls;
}
