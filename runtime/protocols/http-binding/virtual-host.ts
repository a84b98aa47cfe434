// Virtual-host addressing: the first label of a service's URIs carried in the Host header
// (S3's `bucket.s3.amazonaws.com`) rather than in the path. It applies to the REST
// services most of whose routes start with a label (S3's /{Bucket}...), and the rule is:
//   Host (port removed, lower case, not an IP address) is `<label>.<prefix>.<rest>` or
//   `<label>.<prefix>-<anything>.<rest>`, where <prefix> is such a service's endpointPrefix
//   and <label> is one or more DNS labels (a bucket name may contain dots):
//     my-bucket.s3.localhost.test:4566, my.bucket.s3.us-east-1.amazonaws.com,
//     my-bucket.s3-us-west-2.amazonaws.com, my-bucket.s3.localhost.localstack.cloud;
//   or `<label>.localhost` when the request is not signed for another service and <label>'s
//   first label is no service's endpointPrefix (sqs.localhost is not a bucket).
// The request is then routed as if its path were `/<label><path>`.
import type { ServiceDescriptor } from "../../schema.ts";

export interface VirtualHost {
  service: ServiceDescriptor;
  /** the label taken from the host */
  label: string;
  /** the request target with the label as its first path segment */
  url: string;
}

/** Services most of whose routes start with a label: they may be addressed by virtual host. */
export function hostedServices(services: readonly ServiceDescriptor[]): ServiceDescriptor[] {
  // most, not all: S3's ListBuckets is on "/" and WriteGetObjectResponse on a host prefix
  return services.filter((s) => {
    const routes = s.httpRoutes ?? [];
    return routes.length > 0 && routes.filter((r) => r.uri.startsWith("/{")).length * 2 > routes.length;
  });
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export class VirtualHosts {
  private readonly byPrefix = new Map<string, ServiceDescriptor>();
  private readonly prefixes = new Set<string>();

  constructor(services: readonly ServiceDescriptor[]) {
    for (const s of hostedServices(services)) if (!this.byPrefix.has(s.endpointPrefix)) this.byPrefix.set(s.endpointPrefix, s);
    for (const s of services) this.prefixes.add(s.endpointPrefix);
  }

  get empty(): boolean {
    return this.byPrefix.size === 0;
  }

  /** The virtual host of a request, if its Host names one; `signedFor` is the signing name of its credential scope. */
  match(host: string | string[] | undefined, url: string, signedFor?: string): VirtualHost | undefined {
    if (typeof host !== "string" || this.byPrefix.size === 0) return undefined;
    let name = host.toLowerCase();
    if (name.startsWith("[")) return undefined; // IPv6
    const colon = name.lastIndexOf(":");
    if (colon >= 0) name = name.slice(0, colon);
    if (name.endsWith(".")) name = name.slice(0, -1);
    if (IPV4.test(name)) return undefined;
    const labels = name.split(".");
    for (let i = 1; i < labels.length - 1; i++) {
      const l = labels[i];
      const dash = l.indexOf("-");
      const svc = this.byPrefix.get(l) ?? (dash > 0 ? this.byPrefix.get(l.slice(0, dash)) : undefined);
      if (svc) return this.make(svc, labels.slice(0, i).join("."), url);
    }
    if (labels.length >= 2 && labels[labels.length - 1] === "localhost" && !this.prefixes.has(labels[0])) {
      const svc = signedFor ? [...this.byPrefix.values()].find((s) => s.signingName === signedFor) : this.byPrefix.size === 1 ? [...this.byPrefix.values()][0] : undefined;
      if (svc) return this.make(svc, labels.slice(0, -1).join("."), url);
    }
    return undefined;
  }

  private make(service: ServiceDescriptor, label: string, url: string): VirtualHost {
    const path = url.startsWith("/") ? url : `/${url}`;
    // "/" and "/?query" address the label itself
    const rest = path === "/" || path.startsWith("/?") ? path.slice(1) : path;
    return { service, label, url: `/${label}${rest}` };
  }
}
