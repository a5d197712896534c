package io.tenantseed.graph;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jooq.postgres.extensions.types.Inet;

/**
 * One asset, handed to the customizer of {@code EngagementBuilder.assets(count, (i, a) -> ...)}.
 * Unset fields get defaults consistent with the kind: a {@link #server()} has a hostname, a
 * private IPv4 address, an operating system, cpu, memory and storage; an
 * {@link #application()} has an application name and a technology stack, and no address.
 *
 * <pre>
 * e.assets(50, (i, a) -&gt; a.kind(i &lt; 30 ? "server" : "application")
 *     .name("vm-prod-%03d".formatted(i))
 *     .environment(i &lt; 20 ? "production" : i &lt; 40 ? "staging" : "development")
 *     .discoveredBy("full-migration"))
 * </pre>
 */
public final class AssetBuilder {

  static final List<String> ENVIRONMENTS = List.of("production", "staging", "development");
  static final List<String> CRITICALITY = List.of("critical", "high", "medium", "low");
  static final List<String> SIX_R = List.of("rehost", "replatform", "refactor", "repurchase", "retire", "retain");
  static final List<String> COMPLEXITY = List.of("low", "medium", "high");
  static final List<String> BUSINESS_UNITS = List.of("Engineering", "Sales", "Operations", "Finance", "Marketing", "Support");
  private static final List<String> LINUX = List.of("Ubuntu 20.04", "Ubuntu 22.04", "Red Hat Enterprise Linux 8", "Debian 12");
  private static final List<String> WINDOWS = List.of("Windows Server 2016", "Windows Server 2019", "Windows Server 2022");
  private static final List<List<String>> STACKS = List.of(
      List.of("Java", "Spring Boot", "PostgreSQL"),
      List.of(".NET", "ASP.NET Core", "SQL Server"),
      List.of("Python", "Django", "PostgreSQL"),
      List.of("Node.js", "Express", "MongoDB"),
      List.of("PHP", "Laravel", "MySQL"));

  private String kind = "server";
  private String subtype;
  private String name;
  private String hostname;
  private String ipAddress;
  private String osType;
  private String osVersion;
  private Integer cpuCores;
  private BigDecimal memoryGb;
  private BigDecimal storageGb;
  private String environment;
  private String businessUnit;
  private String criticality;
  private String applicationName;
  private List<String> technologyStack;
  private String sixRStrategy;
  private String migrationComplexity;
  private Integer migrationPriority;
  private Integer migrationWave;
  private BigDecimal cpuUtilization;
  private BigDecimal memoryUtilization;
  private BigDecimal completenessScore;
  private BigDecimal confidenceScore;
  private Duration createdAgo;
  private String flowKey;
  private boolean noAddress;
  private java.util.UUID id;
  private final ColumnValues extra = new ColumnValues("assets", java.util.Map.of("id", "id(...)",
      "client_account_id", "its tenant scope", "engagement_id", "its engagement scope"));

  AssetBuilder() {}

  /** The asset's id (default: derived from its engagement and index). */
  public AssetBuilder id(java.util.UUID id) {
    this.id = id;
    return this;
  }

  public AssetBuilder id(String id) {
    return id(Ids.parse(id));
  }

  /**
   * Sets column {@code column} of this asset's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public AssetBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> AssetBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  /** Trait: a virtual machine with cpu, memory, storage, an address and an operating system. */
  public AssetBuilder server() {
    return kind("server");
  }

  /** Trait: a web application with a technology stack and no address. */
  public AssetBuilder application() {
    return kind("application");
  }

  /** {@code server}, {@code application}, or another asset type of the platform. */
  public AssetBuilder kind(String assetType) {
    this.kind = assetType;
    return this;
  }

  public AssetBuilder subtype(String subtype) {
    this.subtype = subtype;
    return this;
  }

  public AssetBuilder name(String name) {
    this.name = name;
    return this;
  }

  public AssetBuilder hostname(String hostname) {
    this.hostname = hostname;
    return this;
  }

  /** A literal IPv4 or IPv6 address, e.g. {@code 10.100.1.117}. */
  public AssetBuilder ipAddress(String ipAddress) {
    this.ipAddress = ipAddress;
    return this;
  }

  /** Leaves hostname and address empty even for a server (for incomplete discovery data). */
  public AssetBuilder withoutAddress() {
    this.noAddress = true;
    return this;
  }

  public AssetBuilder os(String osType, String osVersion) {
    this.osType = osType;
    this.osVersion = osVersion;
    return this;
  }

  public AssetBuilder resources(int cpuCores, double memoryGb, double storageGb) {
    this.cpuCores = cpuCores;
    this.memoryGb = BigDecimal.valueOf(memoryGb);
    this.storageGb = BigDecimal.valueOf(storageGb);
    return this;
  }

  public AssetBuilder utilization(double cpuPercent, double memoryPercent) {
    this.cpuUtilization = BigDecimal.valueOf(cpuPercent);
    this.memoryUtilization = BigDecimal.valueOf(memoryPercent);
    return this;
  }

  public AssetBuilder environment(String environment) {
    this.environment = environment;
    return this;
  }

  public AssetBuilder businessUnit(String businessUnit) {
    this.businessUnit = businessUnit;
    return this;
  }

  public AssetBuilder criticality(String businessCriticality) {
    this.criticality = businessCriticality;
    return this;
  }

  public AssetBuilder applicationName(String applicationName) {
    this.applicationName = applicationName;
    return this;
  }

  public AssetBuilder technologyStack(String... technologies) {
    this.technologyStack = List.of(technologies);
    return this;
  }

  /** The 6R strategy ({@code rehost}, {@code replatform}, {@code refactor}, ...). */
  public AssetBuilder sixR(String strategy) {
    this.sixRStrategy = strategy;
    return this;
  }

  public AssetBuilder migration(String complexity, int priority, int wave) {
    this.migrationComplexity = complexity;
    this.migrationPriority = priority;
    this.migrationWave = wave;
    return this;
  }

  public AssetBuilder scores(double completeness, double confidence) {
    this.completenessScore = BigDecimal.valueOf(completeness);
    this.confidenceScore = BigDecimal.valueOf(confidence);
    return this;
  }

  /** Created this long before the graph's clock (default: at the clock). */
  public AssetBuilder createdAgo(Duration duration) {
    this.createdAgo = duration;
    return this;
  }

  /** Links the asset to master flow {@code flowKey} of its engagement and to its discovery flow. */
  public AssetBuilder discoveredBy(String flowKey) {
    this.flowKey = flowKey;
    return this;
  }

  java.util.UUID id(Scope scope) {
    return id != null ? id : scope.derive("");
  }

  Row build(Scope scope, java.util.UUID engagementId, java.util.function.Function<String, FlowLinks> flows) {
    Draws draws = scope.draws();
    boolean server = kind.equals("server");
    boolean application = kind.equals("application");
    String assetName = name != null ? name
        : (server ? "srv-" : application ? "app-" : kind + "-")
            + draws.faker("name").internet().domainWord().toLowerCase(Locale.ROOT) + "-" + draws.hex("name-suffix", 4);
    var record = Records.create(io.tenantseed.schema.migration.Tables.ASSETS)
        .setId(id(scope))
        .setClientAccountId(scope.tenantId())
        .setEngagementId(engagementId)
        .setAssetName(assetName)
        .setAssetType(kind)
        .setAssetSubtype(subtype != null ? subtype : server ? "virtual_machine" : application ? "web_application" : null)
        .setEnvironment(environment != null ? environment : draws.pick("environment", ENVIRONMENTS))
        .setBusinessUnit(businessUnit != null ? businessUnit : draws.pick("business_unit", BUSINESS_UNITS))
        .setBusinessCriticality(criticality != null ? criticality : draws.pick("criticality", CRITICALITY))
        .setSixRStrategy(sixRStrategy != null ? sixRStrategy : draws.pick("six_r", SIX_R))
        .setMigrationComplexity(migrationComplexity != null ? migrationComplexity : draws.pick("complexity", COMPLEXITY))
        .setMigrationPriority(migrationPriority != null ? migrationPriority : draws.between("priority", 1, 3))
        .setMigrationWave(migrationWave != null ? migrationWave : draws.between("wave", 1, 3))
        .setCompletenessScore(completenessScore != null ? completenessScore : draws.decimal("completeness", 0.5, 1.0, 2))
        .setConfidenceScore(confidenceScore != null ? confidenceScore : draws.decimal("confidence", 0.5, 1.0, 2))
        .setCreatedAt(createdAgo != null ? scope.clock().ago(createdAgo) : scope.clock().timestamp())
        .setUpdatedAt(scope.clock().timestamp());
    if (server) {
      boolean linux = osType != null ? osType.equals("linux") : draws.between("os_type", 0, 1) == 0;
      record.setHostname(noAddress ? hostname : hostname != null ? hostname : assetName + "." + scope.domain())
          .setIpAddress(inet(noAddress ? ipAddress : ipAddress != null ? ipAddress : draws.privateIpv4("ip"), scope))
          .setOsType(osType != null ? osType : linux ? "linux" : "windows")
          .setOsVersion(osVersion != null ? osVersion : draws.pick("os_version", linux ? LINUX : WINDOWS))
          .setCpuCores(cpuCores != null ? cpuCores : draws.pick("cpu", List.of(2, 4, 8, 16, 32)))
          .setMemoryGb(memoryGb != null ? memoryGb : BigDecimal.valueOf(draws.pick("memory", List.of(4, 8, 16, 32, 64))))
          .setStorageGb(storageGb != null ? storageGb : BigDecimal.valueOf(draws.pick("storage", List.of(100, 250, 500, 1000))))
          .setCpuUtilizationPercent(cpuUtilization != null ? cpuUtilization : draws.decimal("cpu_util", 5, 95, 2))
          .setMemoryUtilizationPercent(memoryUtilization != null ? memoryUtilization : draws.decimal("memory_util", 10, 95, 2));
    } else {
      record.setHostname(hostname)
          .setIpAddress(inet(ipAddress, scope))
          .setOsType(osType)
          .setOsVersion(osVersion)
          .setCpuCores(cpuCores)
          .setMemoryGb(memoryGb)
          .setStorageGb(storageGb)
          .setCpuUtilizationPercent(cpuUtilization)
          .setMemoryUtilizationPercent(memoryUtilization);
    }
    if (application) {
      record.setApplicationName(applicationName != null ? applicationName : draws.faker("application").app().name())
          .setTechnologyStack((technologyStack != null ? technologyStack : draws.pick("stack", STACKS)).toArray(String[]::new));
    } else {
      record.setApplicationName(applicationName)
          .setTechnologyStack(technologyStack == null ? null : technologyStack.toArray(String[]::new));
    }
    if (flowKey != null) {
      FlowLinks links = flows.apply(flowKey);
      if (links == null) {
        throw scope.invalid("discoveredBy names flow '" + flowKey + "', which its engagement does not define");
      }
      record.setMasterFlowId(links.masterFlowId()).setDiscoveryFlowId(links.discoveryFlowId());
    } else {
      record.setMasterFlowId(null).setDiscoveryFlowId(null);
    }
    return TenantBuilder.withMessagesAt(scope, () -> GraphParts.row(record, scope, extra));
  }

  /** A literal address, parsed without any name lookup (see {@link CanonicalImport#inet}). */
  private static Inet inet(String address, Scope scope) {
    if (address == null) {
      return null;
    }
    try {
      return CanonicalImport.inet(address);
    } catch (IllegalArgumentException e) {
      throw scope.invalid("ip address '" + address + "' is not a literal IPv4 or IPv6 address");
    }
  }

  /** The flows an asset can be linked to by key. */
  record FlowLinks(java.util.UUID masterFlowId, java.util.UUID discoveryFlowId) {}
}
