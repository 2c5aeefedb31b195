package dev.rundbrief.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the schema.org JSON-LD blocks of a page.
 *
 * <p>JSON is a subset of YAML 1.2, so snakeyaml-engine parses it and core needs no JSON library.
 * Blocks may hold one object, an array of objects, or an {@code @graph}; all are flattened into one
 * list of nodes. References such as {@code "author": {"@id": "#anna"}} are resolved against the
 * other nodes of the page. A block that does not parse is skipped with a warning: sites often ship
 * broken JSON-LD, and the HTML still holds the article.
 */
final class JsonLd {
  private static final Set<String> ARTICLE_TYPES =
      Set.of(
          "article",
          "newsarticle",
          "blogposting",
          "reportagenewsarticle",
          "analysisnewsarticle",
          "opinionnewsarticle",
          "reviewnewsarticle",
          "backgroundnewsarticle",
          "techarticle",
          "scholarlyarticle",
          "report",
          "liveblogposting",
          "socialmediaposting");
  private static final int MAX_BLOCK_CHARS = 1_000_000;

  private final List<Map<String, Object>> nodes;
  private final Map<String, Map<String, Object>> byId;

  private JsonLd(List<Map<String, Object>> nodes) {
    this.nodes = nodes;
    this.byId = new HashMap<>();
    for (Map<String, Object> node : nodes) {
      Object id = node.get("@id");
      if (id instanceof String s) {
        byId.putIfAbsent(s, node);
      }
    }
  }

  /** Parses every {@code application/ld+json} script of the page. */
  static JsonLd read(Document doc, String inputName, List<String> warnings) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Element script : doc.select("script[type~=(?i)application/ld\\+json]")) {
      String json = clean(script.data());
      if (json.isEmpty() || json.length() > MAX_BLOCK_CHARS) {
        continue;
      }
      try {
        Object parsed = loader().loadFromString(json);
        flatten(parsed, nodes, 0);
      } catch (YamlEngineException e) {
        warnings.add("'" + inputName + "': ignored a JSON-LD block that is not valid JSON");
      }
    }
    return new JsonLd(nodes);
  }

  /** The first node whose {@code @type} is an article type, when there is one. */
  Optional<Map<String, Object>> article() {
    for (Map<String, Object> node : nodes) {
      for (String type : types(node)) {
        if (ARTICLE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
          return Optional.of(node);
        }
      }
    }
    return Optional.empty();
  }

  /** The first node of the given {@code @type} (case-insensitive). */
  Optional<Map<String, Object>> first(String type) {
    for (Map<String, Object> node : nodes) {
      if (types(node).stream().anyMatch(type::equalsIgnoreCase)) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  /**
   * The values of a property, with references to other nodes of the page resolved; strings, maps
   * and numbers, in document order.
   */
  List<Object> values(Map<String, Object> node, String property) {
    Object value = node.get(property);
    List<Object> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> out.add(resolve(v)));
    } else if (value != null) {
      out.add(resolve(value));
    }
    return out;
  }

  /**
   * The text of a property: a string value, or the {@code name}, {@code @value}, {@code url} or
   * {@code @id} of an object value; empty when absent.
   */
  String text(Map<String, Object> node, String property) {
    for (Object v : values(node, property)) {
      String s = textOf(v);
      if (!s.isEmpty()) {
        return s;
      }
    }
    return "";
  }

  /** The best plain string of a JSON-LD value. */
  static String textOf(Object value) {
    if (value instanceof String s) {
      return s.strip();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      for (String key : List.of("name", "@value", "url", "contentUrl", "@id")) {
        Object v = map.get(key);
        if (v instanceof String s && !s.isBlank()) {
          return s.strip();
        }
        if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String s) {
          return s.strip();
        }
      }
    }
    return "";
  }

  private Object resolve(Object value) {
    if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("@id") instanceof String id) {
      Map<String, Object> target = byId.get(id);
      return target != null ? target : value;
    }
    return value;
  }

  private static List<String> types(Map<String, Object> node) {
    Object type = node.get("@type");
    List<String> out = new ArrayList<>();
    if (type instanceof String s) {
      out.add(s);
    } else if (type instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    }
    return out;
  }

  private static void flatten(Object parsed, List<Map<String, Object>> out, int depth) {
    if (depth > 4) {
      return;
    }
    if (parsed instanceof List<?> list) {
      list.forEach(item -> flatten(item, out, depth + 1));
    } else if (parsed instanceof Map<?, ?> map) {
      Map<String, Object> node = new HashMap<>();
      map.forEach((k, v) -> node.put(String.valueOf(k), v));
      out.add(node);
      Object graph = node.get("@graph");
      if (graph != null) {
        flatten(graph, out, depth + 1);
      }
      Object main = node.get("mainEntity");
      if (main instanceof Map<?, ?>) {
        flatten(main, out, depth + 1);
      }
    }
  }

  /**
   * Removes what pages wrap around JSON-LD (HTML comments, CDATA markers) and the tabs that YAML
   * refuses as indentation; a raw tab is invalid inside a JSON string anyway.
   */
  private static String clean(String data) {
    String json = data.strip();
    json = json.replaceAll("^(?://\\s*)?(?:<!--|<!\\[CDATA\\[)", "");
    json = json.replaceAll("(?://\\s*)?(?:-->|]]>)$", "");
    return json.replace('\t', ' ').strip();
  }

  private static Load loader() {
    return new Load(
        LoadSettings.builder()
            .setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(10)
            .setUseMarks(false)
            .build());
  }
}
