/**
 * Counters, gauges and histograms in the Prometheus text exposition format (version 0.0.4), with
 * no dependency. A registry has the shape of a prom-client `Registry` where `/metrics` reads it
 * (`contentType`, `metrics()`), so a project that uses prom-client serves its registry instead.
 */

export type LabelValues<L extends string> = Partial<Record<L, string | number>>;

export interface MetricOptions<L extends string> {
  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`, unique in the registry. */
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface Counter<L extends string = never> {
  inc(labels?: LabelValues<L>, by?: number): void;
}

export interface Gauge<L extends string = never> {
  set(labels: LabelValues<L>, value: number): void;
  inc(labels?: LabelValues<L>, by?: number): void;
  dec(labels?: LabelValues<L>, by?: number): void;
}

export interface Histogram<L extends string = never> {
  observe(labels: LabelValues<L>, value: number): void;
  /** Starts timing; the function returned observes the seconds since, and returns them. */
  startTimer(labels?: LabelValues<L>): () => number;
}

/** What a `/metrics` endpoint reads: this registry, or a prom-client `Registry`. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface MetricsRegistry extends MetricsSource {
  counter<L extends string = never>(options: MetricOptions<L>): Counter<L>;
  /** `collect` runs before each exposition, to set values read on demand (memory, queue depth). */
  gauge<L extends string = never>(options: MetricOptions<L> & { collect?: (gauge: Gauge<L>) => void | Promise<void> }): Gauge<L>;
  histogram<L extends string = never>(options: MetricOptions<L> & { buckets?: readonly number[] }): Histogram<L>;
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Seconds; dense around 1–500 ms, so p50/p90/p99 of a request's latency can be read off. */
export const defaultBuckets: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

interface Family {
  render(): Promise<string>;
}

export interface RegistryOptions {
  /** Labels every series carries (`{ service: "payment" }`). */
  defaultLabels?: Readonly<Record<string, string>>;
}

export function createMetricsRegistry(options: RegistryOptions = {}): MetricsRegistry {
  const families = new Map<string, Family>();
  const defaults = Object.entries(options.defaultLabels ?? {});
  for (const [name] of defaults) checkLabelName(name);

  function add<F extends Family>(name: string, labelNames: readonly string[], family: F): F {
    if (!METRIC_NAME.test(name)) throw new TypeError(`invalid metric name ${JSON.stringify(name)}`);
    if (families.has(name)) throw new TypeError(`a metric named ${name} is registered already`);
    for (const label of labelNames) checkLabelName(label);
    families.set(name, family);
    return family;
  }

  return {
    contentType: PROMETHEUS_CONTENT_TYPE,
    async metrics() {
      const parts = await Promise.all([...families.values()].map((family) => family.render()));
      return parts.join("");
    },
    counter<L extends string = never>(o: MetricOptions<L>): Counter<L> {
      const series = new Series(o.labelNames ?? [], defaults);
      if (!o.labelNames?.length) series.add({}, 0); // a counter without labels reads 0 before its first event
      const counter: Counter<L> & Family = {
        inc(labels = {}, by = 1) {
          if (!(by >= 0)) throw new RangeError(`${o.name}: a counter only goes up (by ${by})`);
          series.add(labels, by);
        },
        render: async () => header(o.name, o.help, "counter") + series.lines(o.name),
      };
      return add(o.name, o.labelNames ?? [], counter);
    },
    gauge<L extends string = never>(o: MetricOptions<L> & { collect?: (gauge: Gauge<L>) => void | Promise<void> }): Gauge<L> {
      const series = new Series(o.labelNames ?? [], defaults);
      const gauge: Gauge<L> & Family = {
        set: (labels, value) => series.set(labels, value),
        inc: (labels = {}, by = 1) => series.add(labels, by),
        dec: (labels = {}, by = 1) => series.add(labels, -by),
        async render() {
          await o.collect?.(gauge);
          return header(o.name, o.help, "gauge") + series.lines(o.name);
        },
      };
      return add(o.name, o.labelNames ?? [], gauge);
    },
    histogram<L extends string = never>(o: MetricOptions<L> & { buckets?: readonly number[] }): Histogram<L> {
      const labelNames = o.labelNames ?? [];
      if (labelNames.includes("le" as L)) throw new TypeError(`${o.name}: "le" is the histogram's own label`);
      const buckets = [...(o.buckets ?? defaultBuckets)].sort((a, b) => a - b);
      const byKey = new Map<string, { labels: string; counts: number[]; sum: number; count: number }>();
      const keyed = new Series(labelNames, defaults);
      const histogram: Histogram<L> & Family = {
        observe(labels, value) {
          const { key, text } = keyed.identify(labels);
          let entry = byKey.get(key);
          if (!entry) byKey.set(key, (entry = { labels: text, counts: buckets.map(() => 0), sum: 0, count: 0 }));
          for (let i = 0; i < buckets.length; i++) if (value <= buckets[i]!) entry.counts[i]!++;
          entry.sum += value;
          entry.count++;
        },
        startTimer(labels = {}) {
          const started = process.hrtime.bigint();
          return () => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            histogram.observe(labels, seconds);
            return seconds;
          };
        },
        render: async () => {
          let text = header(o.name, o.help, "histogram");
          for (const entry of byKey.values()) {
            const bucketLabels = (le: string) => `{${entry.labels}${entry.labels ? "," : ""}le="${le}"}`;
            buckets.forEach((bucket, i) => {
              text += `${o.name}_bucket${bucketLabels(formatNumber(bucket))} ${entry.counts[i]}\n`;
            });
            text += `${o.name}_bucket${bucketLabels("+Inf")} ${entry.count}\n`;
            text += `${o.name}_sum${braces(entry.labels)} ${formatNumber(entry.sum)}\n`;
            text += `${o.name}_count${braces(entry.labels)} ${entry.count}\n`;
          }
          return text;
        },
      };
      return add(o.name, labelNames, histogram);
    },
  };
}

/** The values of one metric, by label set. */
class Series {
  readonly #values = new Map<string, { text: string; value: number }>();

  constructor(
    private readonly labelNames: readonly string[],
    private readonly defaults: ReadonlyArray<[string, string]>,
  ) {}

  identify(labels: Readonly<Record<string, string | number | undefined>>): { key: string; text: string } {
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name))
        throw new TypeError(`unknown label ${JSON.stringify(name)} (labels: ${this.labelNames.join(", ") || "none"})`);
    }
    const values = this.labelNames.map((name) => labels[name]);
    const pairs = [...this.defaults.filter(([name]) => !this.labelNames.includes(name))];
    this.labelNames.forEach((name, i) => {
      const value = values[i];
      if (value !== undefined && value !== "") pairs.push([name, String(value)]);
    });
    return {
      key: values.map((v) => (v === undefined ? "" : String(v))).join("\u0000"),
      text: pairs.map(([n, v]) => `${n}="${escapeLabel(v)}"`).join(","),
    };
  }

  add(labels: Readonly<Record<string, string | number | undefined>>, by: number): void {
    const { key, text } = this.identify(labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += by;
    else this.#values.set(key, { text, value: by });
  }

  set(labels: Readonly<Record<string, string | number | undefined>>, value: number): void {
    const { key, text } = this.identify(labels);
    this.#values.set(key, { text, value });
  }

  lines(name: string): string {
    let text = "";
    for (const { text: labels, value } of this.#values.values()) text += `${name}${braces(labels)} ${formatNumber(value)}\n`;
    return text;
  }
}

function checkLabelName(name: string): void {
  if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new TypeError(`invalid label name ${JSON.stringify(name)}`);
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n# TYPE ${name} ${type}\n`;
}

function braces(labels: string): string {
  return labels ? `{${labels}}` : "";
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatNumber(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return Number.isNaN(value) ? "NaN" : String(value);
}
