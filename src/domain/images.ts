/**
 * The image rule of DESIGN step 4: change only images the target host cannot run. A Windows2025 host
 * runs ltsc2022 images, so 2022 -> 2025 changes nothing by default; 2019 images become ltsc2022 (which
 * both 2022 and 2025 hosts run). The registry has the last word: callers check every resulting image
 * with `hasRunnableVariant` before any workload is touched.
 */
import { formatImageRef, parseImageRef, repositoryOf, type ImageRef } from './image-ref.js';
import { hostCanRun, osSkuOfBuild, parseWindowsBuild, type OsSku } from './os.js';

/** User map: an exact image reference, or a repository prefix (no tag/digest), to its replacement. */
export type ImageMap = Readonly<Record<string, string>>;

export type ImageDecision =
  | {
      readonly action: 'keep';
      readonly image: string;
      readonly osHint?: OsSku;
      readonly reason: string;
    }
  | {
      readonly action: 'rewrite';
      readonly image: string;
      readonly from: string;
      readonly rule: 'user-map' | 'tag-rule';
      readonly reason: string;
    }
  | { readonly action: 'resolve'; readonly image: string; readonly reason: string }
  | { readonly action: 'incompatible'; readonly image: string; readonly reason: string };

/** The tag every rewritten 2019 image gets: runnable on both Windows2022 and Windows2025 hosts. */
const REPLACEMENT_TAG_TOKEN = 'ltsc2022';
const TOKEN_SKUS: Readonly<Record<string, OsSku>> = {
  ltsc2019: 'Windows2019',
  '1809': 'Windows2019',
  ltsc2022: 'Windows2022',
  ltsc2025: 'Windows2025',
};
/** Base-image repositories whose `10.0.17763.x` tags have an `ltsc2022` counterpart. */
const BASE_IMAGE_REPOSITORIES = [
  'windows/servercore',
  'windows/nanoserver',
  'windows/server',
  'windows',
];

function tokenSku(token: string): OsSku | undefined {
  return (
    TOKEN_SKUS[token.toLowerCase()] ?? (parseWindowsBuild(token) ? osSkuOfBuild(token) : undefined)
  );
}

/** The OS a tag names (`4.8-windowsservercore-ltsc2019`, `1809`, `10.0.17763.6054`), if any. */
export function osSkuOfTag(tag: string): OsSku | undefined {
  for (const token of tag.split(/[-_]/)) {
    const sku = tokenSku(token);
    if (sku) return sku;
  }
  return undefined;
}

function rewriteTag(ref: ImageRef, tag: string): string | undefined {
  const tokens = tag.split(/[-_]/);
  const separators = tag.match(/[-_]/g) ?? [];
  if (tokens.length === 1 && parseWindowsBuild(tag)) {
    const base = BASE_IMAGE_REPOSITORIES.includes(ref.repository);
    return base ? REPLACEMENT_TAG_TOKEN : undefined;
  }
  const mapped = tokens.map((t) =>
    TOKEN_SKUS[t.toLowerCase()] === 'Windows2019' ? REPLACEMENT_TAG_TOKEN : t,
  );
  if (mapped.some((t) => tokenSku(t) === 'Windows2019')) return undefined;
  return mapped.reduce((text, t, i) => `${text}${separators[i - 1] ?? ''}${t}`, '');
}

function isRepositoryKey(text: string): boolean {
  const parsed = parseImageRef(text);
  return parsed.ok && parsed.ref.tag === undefined && parsed.ref.digest === undefined;
}

function pickVersion(ref: ImageRef): Pick<ImageRef, 'tag' | 'digest'> {
  return {
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
  };
}

function userMapped(ref: ImageRef, original: string, map: ImageMap): string | undefined {
  const exact = map[original];
  if (exact !== undefined) return exact;
  const repository = repositoryOf(ref);
  const prefix = Object.keys(map)
    .filter((key) => repository === key || repository.startsWith(`${key}/`))
    .filter(isRepositoryKey)
    .sort((a, b) => b.length - a.length)[0];
  const target = prefix === undefined ? undefined : map[prefix];
  if (prefix === undefined || target === undefined) return undefined;
  const replacement = parseImageRef(`${target}${repository.slice(prefix.length)}`);
  return replacement.ok ? formatImageRef({ ...replacement.ref, ...pickVersion(ref) }) : undefined;
}

/**
 * Decides a container's new image for a move to a `targetSku` host. Order: the user map (an exact
 * entry is used verbatim; a repository-prefix entry swaps the repository and keeps the tag, which the
 * tag rule then still checks), then digests (`resolve`: a digest names bytes, not an OS; the caller
 * looks it up in the registry), then the tag rule.
 */
export function decideImage(image: string, targetSku: OsSku, map: ImageMap = {}): ImageDecision {
  const parsed = parseImageRef(image);
  if (!parsed.ok)
    return { action: 'incompatible', image, reason: `cannot parse image: ${parsed.reason}` };
  const mapped = userMapped(parsed.ref, image.trim(), map);
  if (mapped !== undefined && map[image.trim()] !== undefined) {
    return {
      action: 'rewrite',
      image: mapped,
      from: image,
      rule: 'user-map',
      reason: 'exact entry in the image map',
    };
  }
  const subject = mapped ?? image;
  const decision = decideByTag(subject, targetSku);
  if (mapped === undefined) return decision;
  if (decision.action === 'rewrite' || decision.action === 'keep') {
    const reason = `repository prefix in the image map; ${decision.reason}`;
    return { action: 'rewrite', image: decision.image, from: image, rule: 'user-map', reason };
  }
  return decision;
}

function decideByTag(image: string, targetSku: OsSku): ImageDecision {
  const parsed = parseImageRef(image);
  if (!parsed.ok)
    return { action: 'incompatible', image, reason: `cannot parse image: ${parsed.reason}` };
  const { ref } = parsed;
  if (ref.digest !== undefined) {
    return {
      action: 'resolve',
      image,
      reason: 'pinned by digest: needs registry resolution (tag rules cannot rewrite a digest)',
    };
  }
  const sku = ref.tag === undefined ? undefined : osSkuOfTag(ref.tag);
  if (sku === undefined)
    return {
      action: 'keep',
      image,
      reason: 'the tag names no Windows version: verify through the registry',
    };
  if (hostCanRun(targetSku, sku))
    return { action: 'keep', image, osHint: sku, reason: `a ${targetSku} host runs ${sku} images` };
  const tag = sku === 'Windows2019' && ref.tag !== undefined ? rewriteTag(ref, ref.tag) : undefined;
  if (tag === undefined || !hostCanRun(targetSku, 'Windows2022')) {
    return {
      action: 'incompatible',
      image,
      reason: `a ${targetSku} host cannot run this ${sku} image and no tag rule rewrites it: add an image map entry`,
    };
  }
  const next = formatImageRef({ ...ref, tag });
  return {
    action: 'rewrite',
    image: next,
    from: image,
    rule: 'tag-rule',
    reason: `${sku} tag -> ltsc2022`,
  };
}

/**
 * Problems in a user image map, for INVALID_INPUT: keys and values must be image references, and a
 * repository-prefix key (no tag or digest) must map to a repository (the image keeps its own tag).
 */
export function imageMapProblems(map: ImageMap): string[] {
  const problems: string[] = [];
  for (const [from, to] of Object.entries(map)) {
    for (const text of [from, to]) {
      const result = parseImageRef(text);
      if (!result.ok) problems.push(`imageMap entry "${from}": ${result.reason}`);
    }
    if (isRepositoryKey(from) && !isRepositoryKey(to)) {
      problems.push(
        `imageMap entry "${from}": a repository prefix maps to a repository, not "${to}"`,
      );
    }
  }
  return problems;
}
