package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.ConfigProblem;

/** Parses one element of {@code lb.services}: its runtime keys here, its plugin keys through {@link KeyOwners}. */
final class ServiceParser {
    /** Service names appear in URLs, metric labels and pin paths. */
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
    /** The sni plugin's routes: their targets are groups of the weight pipeline like source routes'. */
    private static final String SNI_ROUTES = "sni-routes";

    private final Values values;
    private final Problems problems;
    private final KeyOwners keyOwners;
    private final TargetParser targetParser;
    private final ListenParser listenParser;
    private final long defaultTableSize;
    private final List<String> warnings;

    /**
     * @param problems receives problems
     * @param keyOwners decides plugin keys
     * @param defaultTableSize {@code lb.dataplane.table-size}, for services that set none
     * @param warnings receives advice that does not make the configuration invalid, as {@code FILE:LINE: text}
     */
    ServiceParser(Problems problems, KeyOwners keyOwners, long defaultTableSize, List<String> warnings) {
        this.values = new Values(problems);
        this.problems = problems;
        this.keyOwners = keyOwners;
        this.targetParser = new TargetParser(problems, keyOwners);
        this.listenParser = new ListenParser(problems);
        this.defaultTableSize = defaultTableSize;
        this.warnings = warnings;
    }

    /**
     * @param element one element of the services list
     * @return what could be read, or empty when the element is not an object
     */
    Optional<ParsedService> parse(ConfigValue element) {
        return values.object(element, "each service").map(this::parse);
    }

    private ParsedService parse(ConfigObject service) {
        int before = problems.count();
        KeyOwners.Claims claims = new KeyOwners.Claims();
        keyOwners.check(KeyOwners.Level.SERVICE, service, claims, problems);

        values.require(service, "name");
        Optional<String> name = values.string(service, "name").filter(n -> validName(service, n));
        values.require(service, "listen");
        Optional<ListenSpec> listen = values.object(service, "listen").flatMap(listenParser::parse);
        Optional<String> hash = Values.has(service, "hash")
                ? values.choice(service, "hash", List.of("five-tuple", "source-ip"))
                : Optional.of(RuntimeKeys.DEFAULT_HASH);
        Optional<List<TargetSpec>> targets = targetParser.parseGroup(service, claims);
        Optional<List<SourceRouteSpec>> routes = sourceRoutes(service, claims);
        Optional<List<SniRouteSpec>> sniRoutes = sniRoutes(service, claims);
        Optional<Long> tableSize = tableSize(service, targets, routes);
        if (Values.has(service, EventEmission.KEY)) {
            values.string(service, EventEmission.KEY).filter(e -> EventEmission.parse(e).isEmpty())
                    .ifPresent(e -> problems.add(service.get(EventEmission.KEY).origin(), EventEmission.refusal(e)));
        }

        Optional<ServiceSpec> spec = Optional.empty();
        if (problems.count() == before) {
            spec = Optional.of(new ServiceSpec(name.orElseThrow(), listen.orElseThrow(),
                    HashMode.valueOf(hash.orElseThrow().toUpperCase(Locale.ROOT).replace('-', '_')),
                    targets.orElseThrow(), routes.orElseThrow(), sniRoutes.orElseThrow(),
                    tableSize.orElseThrow().intValue(),
                    service.toConfig())).filter(s -> ServiceFamily.check(service, s, problems));
        }
        return new ParsedService(service.origin(), name, originOf(service, "name"), listen,
                originOf(service, "listen"), spec, claims);
    }

    private boolean validName(ConfigObject service, String name) {
        if (name.matches(NAME)) {
            return true;
        }
        problems.add(service.get("name").origin(), "service name '" + name
                + "' must start with a letter or digit and hold only letters, digits, '.', '_' and '-'");
        return false;
    }

    private Optional<List<SourceRouteSpec>> sourceRoutes(ConfigObject service, KeyOwners.Claims claims) {
        return routes(service, "source-routes", "source route", route -> sourceRoute(route, claims),
                r -> r.source().toString());
    }

    /**
     * Reads a list of routes, each an object, none named twice.
     *
     * @param service the service object
     * @param key the service key holding the list
     * @param what how messages name one route
     * @param parser reads one route object
     * @param name what two routes must not share
     * @param <R> the route type
     * @return the routes; none when the key is absent; empty when any is invalid
     */
    private <R> Optional<List<R>> routes(ConfigObject service, String key, String what,
                                         Function<ConfigObject, Optional<R>> parser, Function<R, String> name) {
        if (!Values.has(service, key)) {
            return Optional.of(List.of());
        }
        Optional<ConfigList> list = values.list(service, key);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        int before = problems.count();
        List<R> routes = new ArrayList<>();
        Map<String, ConfigOrigin> seen = new HashMap<>();
        for (ConfigValue element : list.get()) {
            values.object(element, "each " + what).flatMap(parser).ifPresent(r -> {
                ConfigOrigin first = seen.putIfAbsent(name.apply(r), element.origin());
                if (first != null) {
                    problems.add(element.origin(), what + " " + name.apply(r) + " is defined twice (first at "
                            + Origins.where(first, element.origin()) + ")");
                }
                routes.add(r);
            });
        }
        return problems.count() == before ? Optional.of(routes) : Optional.empty();
    }

    private Optional<SourceRouteSpec> sourceRoute(ConfigObject route, KeyOwners.Claims claims) {
        UnknownKeys.check(route, RuntimeKeys.SOURCE_ROUTE, problems);
        values.require(route, "source");
        Optional<Cidr> source = values.string(route, "source").flatMap(text -> {
            try {
                Cidr cidr = Cidrs.parse(text);
                return ServiceFamily.unmapped(cidr.network(), "source '" + text + "'", route.get("source").origin(),
                        problems).map(network -> cidr);
            } catch (IllegalArgumentException e) {
                problems.add(route.get("source").origin(), "invalid CIDR '" + text + "': " + e.getMessage());
                return Optional.empty();
            }
        });
        Optional<List<TargetSpec>> targets = targetParser.parseGroup(route, claims);
        return source.flatMap(s -> targets.map(t -> new SourceRouteSpec(s, t)));
    }

    /**
     * Reads what the weight pipeline needs of {@code sni-routes} (each route's hostname and targets); the key belongs
     * to the sni plugin, which validates the rest, so {@link KeyOwners} has already said "needs plugin sni" when it is
     * missing. An empty list is no routes: the service stays in the kernel.
     */
    private Optional<List<SniRouteSpec>> sniRoutes(ConfigObject service, KeyOwners.Claims claims) {
        return routes(service, SNI_ROUTES, "SNI route", route -> sniRoute(route, claims), SniRouteSpec::hostname);
    }

    private Optional<SniRouteSpec> sniRoute(ConfigObject route, KeyOwners.Claims claims) {
        values.require(route, "hostname");
        Optional<String> hostname = values.string(route, "hostname");
        Optional<List<TargetSpec>> targets = targetParser.parseGroup(route, claims);
        return hostname.flatMap(h -> targets.map(t -> new SniRouteSpec(h, t, route.toConfig())));
    }

    private Optional<Long> tableSize(ConfigObject service, Optional<List<TargetSpec>> targets,
                                     Optional<List<SourceRouteSpec>> routes) {
        Optional<Long> size = Values.has(service, "table-size")
                ? values.integer(service, "table-size", TableSizes.MIN, Integer.MAX_VALUE)
                : Optional.of(defaultTableSize);
        if (size.isEmpty() || targets.isEmpty() || routes.isEmpty()) {
            return size;
        }
        ConfigOrigin at = originOf(service, "table-size");
        Optional<String> notPrime = TableSizes.problem(size.get());
        notPrime.ifPresent(message -> problems.add(at, message));
        int largestGroup = Stream.concat(Stream.of(targets.get()), routes.get().stream().map(SourceRouteSpec::targets))
                .mapToInt(List::size).max().orElse(0);
        Optional<String> tooSmall = TableSizes.tooSmall(size.get(), largestGroup);
        tooSmall.ifPresent(message -> problems.add(at, message));
        TableSizes.warning(size.get(), largestGroup)
                .ifPresent(message -> warnings.add(ConfigProblem.at(at, message).toString()));
        return notPrime.isEmpty() && tooSmall.isEmpty() ? size : Optional.empty();
    }

    private static ConfigOrigin originOf(ConfigObject service, String key) {
        return Values.has(service, key) ? service.get(key).origin() : service.origin();
    }
}
