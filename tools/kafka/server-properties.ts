/** The configuration files of a single-node KRaft broker (combined broker + controller) on 127.0.0.1. */

export interface BrokerConfig {
  port: number;
  controllerPort: number;
  /** Where the broker keeps its partitions and metadata log. */
  logDirs: string;
  autoCreateTopics: boolean;
}

/**
 * `server.properties` for tests: every replication factor is 1 (the internal offsets and
 * transaction-state topics too), consumer groups start without the initial rebalance delay,
 * and the thread pools are sized for a small shared machine.
 */
export function serverProperties(config: BrokerConfig): string {
  const lines: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@127.0.0.1:${config.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${config.port},CONTROLLER://127.0.0.1:${config.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${config.port}`,
    "inter.broker.listener.name": "PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": config.logDirs,
    "num.partitions": 1,
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 10,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 10,
    "group.initial.rebalance.delay.ms": 0,
    "auto.create.topics.enable": config.autoCreateTopics,
    "delete.topic.enable": true,
    "num.network.threads": 2,
    "num.io.threads": 2,
    "num.recovery.threads.per.data.dir": 1,
    "log.retention.hours": 24,
    "log.segment.bytes": 16 * 1024 * 1024,
  };
  return Object.entries(lines)
    .map(([name, value]) => `${name}=${value}\n`)
    .join("");
}

/** reload4j configuration: everything at INFO on stdout, which the broker's owner sends to its log file. */
export function log4jProperties(): string {
  return [
    "log4j.rootLogger=INFO, stdout",
    "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
    "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
    "log4j.logger.kafka.request.logger=WARN",
    "log4j.logger.org.apache.kafka.clients=WARN",
    "log4j.logger.state.change.logger=WARN",
    "",
  ].join("\n");
}
