package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigOrigin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Service names are keys of the admin API, metrics and pinned state, so each may appear once. */
final class DuplicateServices {
    private DuplicateServices() {
    }

    /**
     * @param services parsed services in file order
     * @param problems receives a problem at each repeated name, naming where it was first defined
     */
    static void check(List<ParsedService> services, Problems problems) {
        Map<String, ConfigOrigin> first = new HashMap<>();
        for (ParsedService service : services) {
            service.name().ifPresent(name -> {
                ConfigOrigin earlier = first.putIfAbsent(name, service.nameOrigin());
                if (earlier != null) {
                    problems.add(service.nameOrigin(), "duplicate service '" + name + "' (first defined at "
                            + Origins.where(earlier, service.nameOrigin()) + ")");
                }
            });
        }
    }
}
