/**
 * Windows Server OS facts for AKS node pools (DESIGN section 1): SKUs, their builds and LTSC tags, and
 * the process-isolation compatibility rule between a host and a container image.
 */
export const OS_SKUS = ['Windows2019', 'Windows2022', 'Windows2025'] as const;
export type OsSku = (typeof OS_SKUS)[number];

/** A Windows build compared on major.minor.build; the revision (patch level) never matters. */
export interface WindowsBuild {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
}

interface OsSkuFacts {
  /** major.minor.build, as the kubelet's `node.kubernetes.io/windows-build` label shows it. */
  readonly build: string;
  readonly ltscTag: string;
  /** Image OS SKUs a host of this SKU runs with process isolation (AKS docs, hcsshim). */
  readonly runs: readonly OsSku[];
}

export const OS_SKU_FACTS: Readonly<Record<OsSku, OsSkuFacts>> = {
  Windows2019: { build: '10.0.17763', ltscTag: 'ltsc2019', runs: ['Windows2019'] },
  Windows2022: { build: '10.0.20348', ltscTag: 'ltsc2022', runs: ['Windows2022'] },
  Windows2025: { build: '10.0.26100', ltscTag: 'ltsc2025', runs: ['Windows2022', 'Windows2025'] },
};

/** Kubernetes node label keys AKS and the kubelet put on Windows nodes. */
export const NODE_LABELS = {
  os: 'kubernetes.io/os',
  osSku: 'kubernetes.azure.com/os-sku',
  agentPool: 'kubernetes.azure.com/agentpool',
  legacyAgentPool: 'agentpool',
  windowsBuild: 'node.kubernetes.io/windows-build',
  hostname: 'kubernetes.io/hostname',
} as const;

/** Whether an agent pool's `osType` (AKS: `Windows` or `Linux`) is Windows, in any letter case. */
export function isWindowsOsType(osType: string | undefined): boolean {
  return osType?.toLowerCase() === 'windows';
}

/** True for the exact AKS spellings (`Windows2022`); the API is case-sensitive. */
export function isOsSku(value: unknown): value is OsSku {
  return typeof value === 'string' && (OS_SKUS as readonly string[]).includes(value);
}

/** Accepts user input case-insensitively (`windows2022`) and returns the AKS spelling. */
export function parseOsSku(value: string): OsSku | undefined {
  return OS_SKUS.find((sku) => sku.toLowerCase() === value.trim().toLowerCase());
}

/** The build label value of a SKU, e.g. `10.0.20348` for Windows2022. */
export function buildOf(sku: OsSku): string {
  return OS_SKU_FACTS[sku].build;
}

/** The LTSC tag of a SKU's base images, e.g. `ltsc2022`. */
export function ltscTagOf(sku: OsSku): string {
  return OS_SKU_FACTS[sku].ltscTag;
}

const BUILD_TEXT = /^(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * Parses a `node.kubernetes.io/windows-build` label (`10.0.17763`) or an image's `os.version`
 * (`10.0.20348.2655`); the revision is dropped because compatibility ignores it.
 */
export function parseWindowsBuild(text: string): WindowsBuild | undefined {
  const match = BUILD_TEXT.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), build: Number(match[3]) };
}

/** `major.minor.build`, the label's form. */
export function formatBuild(build: WindowsBuild): string {
  return `${build.major}.${build.minor}.${build.build}`;
}

/** The SKU whose build matches a build label or os.version, ignoring revision; undefined if none. */
export function osSkuOfBuild(build: string | WindowsBuild): OsSku | undefined {
  const parsed = typeof build === 'string' ? parseWindowsBuild(build) : build;
  if (!parsed) return undefined;
  const text = formatBuild(parsed);
  return OS_SKUS.find((sku) => OS_SKU_FACTS[sku].build === text);
}

/** Whether two build strings name the same build (revision ignored); false if either is not a build. */
export function sameBuild(a: string, b: string): boolean {
  const pa = parseWindowsBuild(a);
  const pb = parseWindowsBuild(b);
  return pa !== undefined && pb !== undefined && formatBuild(pa) === formatBuild(pb);
}

/**
 * The compatibility rule: can a host of `hostSku` run a container image built for `image` (a SKU name or a
 * build/os.version)? Unknown builds are not runnable: winshift never guesses in favour of a move.
 */
export function hostCanRun(hostSku: OsSku, image: string | WindowsBuild): boolean {
  const imageSku = isOsSku(image) ? image : osSkuOfBuild(image);
  return imageSku !== undefined && OS_SKU_FACTS[hostSku].runs.includes(imageSku);
}

/** The next newer SKU (Windows2019 -> Windows2022), or undefined for the newest. */
export function nextOsSku(sku: OsSku): OsSku | undefined {
  return OS_SKUS[OS_SKUS.indexOf(sku) + 1];
}

/** Negative when `a` is older than `b`: SKUs order by release. */
export function compareOsSku(a: OsSku, b: OsSku): number {
  return OS_SKUS.indexOf(a) - OS_SKUS.indexOf(b);
}
