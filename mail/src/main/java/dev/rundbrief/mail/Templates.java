package dev.rundbrief.mail;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.PartialCode;
import com.github.mustachejava.codes.ValueCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled HTML and text templates of one renderer, with their partials.
 *
 * <p>Templates are looked up first in the override directory (when there is one), then among the
 * defaults on the class path. Both are compiled once, when the renderer is created, and checked
 * against the variables that {@link TemplateScope} provides: an unknown variable or partial fails
 * here, with the file and line, and never in the middle of a send.
 */
final class Templates {
  static final String HTML = "html.mustache";
  static final String TEXT = "text.mustache";
  private static final String DEFAULTS = "dev/rundbrief/mail/templates/";

  private final Mustache html;
  private final Mustache text;
  private final String htmlFiles;
  private final String textFiles;

  private Templates(Mustache html, Mustache text, String htmlFiles, String textFiles) {
    this.html = html;
    this.text = text;
    this.htmlFiles = htmlFiles;
    this.textFiles = textFiles;
  }

  /** Loads and checks the templates; {@code overrides} may be {@code null}. */
  static Templates load(Path overrides) {
    Map<String, Object> probe = TemplateScope.probe();
    Factory htmlFactory = new Factory(overrides, true);
    Factory textFactory = new Factory(overrides, false);
    Mustache html = compile(htmlFactory, HTML, overrides, probe);
    Mustache text = compile(textFactory, TEXT, overrides, probe);
    return new Templates(
        html, text, files(overrides, htmlFactory.names), files(overrides, textFactory.names));
  }

  /**
   * The template files that make up the HTML part ({@code html} true) or the text part, for
   * messages: the overriding files with their paths when any was overridden, else the default.
   */
  String files(boolean html) {
    return html ? htmlFiles : textFiles;
  }

  private static String files(Path overrides, Set<String> names) {
    List<String> overridden = new ArrayList<>();
    for (String name : names) {
      if (overrides != null && Files.isRegularFile(overrides.resolve(name))) {
        overridden.add("'" + overrides.resolve(name) + "'");
      }
    }
    if (overridden.isEmpty()) {
      String main = names.iterator().next();
      return "template '" + main + "' (default)";
    }
    return (overridden.size() == 1 ? "template " : "templates ") + String.join(", ", overridden);
  }

  String renderHtml(Map<String, Object> scope) {
    return execute(html, scope);
  }

  String renderText(Map<String, Object> scope) {
    return execute(text, scope);
  }

  private static String execute(Mustache template, Map<String, Object> scope) {
    StringWriter out = new StringWriter(64 * 1024);
    template.execute(out, scope);
    return out.toString();
  }

  private static Mustache compile(
      Factory factory, String name, Path overrides, Map<String, Object> probe) {
    Mustache mustache;
    try {
      mustache = factory.compile(name);
    } catch (MustacheException e) {
      throw new TemplateException(describe(overrides, e), e);
    } catch (UncheckedIOException e) {
      throw new TemplateException("template '" + name + "' cannot be read: " + e.getMessage(), e);
    }
    Deque<Object> stack = new ArrayDeque<>();
    stack.push(probe);
    new Checker(factory.contexts, overrides, name).check(mustache.getCodes(), stack);
    return mustache;
  }

  private static String describe(Path overrides, MustacheException e) {
    TemplateContext tc = e.getContext();
    String where = tc == null ? "" : " (" + location(overrides, tc) + ")";
    String message = e.getMessage();
    if (e instanceof com.github.mustachejava.MustacheNotFoundException nf) {
      message = "template or partial '" + nf.getName() + "' not found";
    }
    return "mail template error" + where + ": " + message;
  }

  private static String location(Path overrides, TemplateContext tc) {
    return "template '" + fileName(overrides, tc.file()) + "' line " + tc.line();
  }

  private static String fileName(Path overrides, String name) {
    if (overrides != null && Files.isRegularFile(overrides.resolve(name))) {
      return overrides.resolve(name).toString();
    }
    return name + " (default)";
  }

  /** Finds templates, escapes for HTML or not at all, and remembers where each tag stands. */
  private static final class Factory extends DefaultMustacheFactory {
    final Map<Code, TemplateContext> contexts =
        Collections.synchronizedMap(new IdentityHashMap<>());

    /** The names of the templates and partials this factory read, in order. */
    final Set<String> names;

    private final boolean escapeHtml;

    Factory(Path overrides, boolean escapeHtml) {
      this(overrides, escapeHtml, Collections.synchronizedSet(new LinkedHashSet<>()));
    }

    private Factory(Path overrides, boolean escapeHtml, Set<String> names) {
      super(recording(resolver(overrides), names));
      this.names = names;
      this.escapeHtml = escapeHtml;
    }

    private static MustacheResolver recording(MustacheResolver resolver, Set<String> names) {
      return name -> {
        Reader reader = resolver.getReader(name);
        if (reader != null) {
          names.add(name);
        }
        return reader;
      };
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        if (escapeHtml) {
          Html.escape(value, writer);
        } else {
          writer.write(value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
      return new DefaultMustacheVisitor(this) {
        @Override
        public void value(TemplateContext tc, String variable, boolean encoded) {
          super.value(tc, variable, encoded);
          remember(tc);
        }

        @Override
        public void iterable(TemplateContext tc, String variable, Mustache mustache) {
          super.iterable(tc, variable, mustache);
          remember(tc);
        }

        @Override
        public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
          super.notIterable(tc, variable, mustache);
          remember(tc);
        }

        @Override
        public void partial(TemplateContext tc, String variable, String indent) {
          super.partial(tc, variable, indent);
          remember(tc);
        }

        private void remember(TemplateContext tc) {
          contexts.put(list.get(list.size() - 1), tc);
        }
      };
    }

    private static MustacheResolver resolver(Path overrides) {
      return name -> {
        if (overrides != null) {
          Path file = overrides.resolve(name).normalize();
          if (file.startsWith(overrides.normalize()) && Files.isRegularFile(file)) {
            try {
              return Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        }
        InputStream in = Templates.class.getClassLoader().getResourceAsStream(DEFAULTS + name);
        return in == null ? null : (Reader) new InputStreamReader(in, StandardCharsets.UTF_8);
      };
    }
  }

  /** Walks the compiled codes and resolves every name against the probe scope. */
  private static final class Checker {
    private final Map<Code, TemplateContext> contexts;
    private final Path overrides;

    /** The template and the partials being checked, outermost first: a cycle shows up here. */
    private final Deque<String> including = new ArrayDeque<>();

    Checker(Map<Code, TemplateContext> contexts, Path overrides, String template) {
      this.contexts = contexts;
      this.overrides = overrides;
      including.add(template.replaceFirst("\\.mustache$", ""));
    }

    void check(Code[] codes, Deque<Object> stack) {
      if (codes == null) {
        return;
      }
      for (Code code : codes) {
        if (code instanceof ValueCode) {
          resolve(code, stack);
        } else if (code instanceof IterableCode || code instanceof NotIterableCode) {
          Object value = resolve(code, stack);
          if (value instanceof String s && TemplateScope.isSlot(s)) {
            throw fail(
                code,
                "personal value '"
                    + code.getName()
                    + "' cannot open a section; use it only as {{"
                    + code.getName()
                    + "}}");
          }
          boolean pushed = false;
          if (code instanceof IterableCode) {
            Object element = value instanceof List<?> list && !list.isEmpty() ? list.get(0) : value;
            if (element instanceof Map<?, ?>) {
              stack.push(element);
              pushed = true;
            }
          }
          check(code.getCodes(), stack);
          if (pushed) {
            stack.pop();
          }
        } else if (code instanceof PartialCode) {
          String partial = code.getName();
          if (including.contains(partial)) {
            List<String> cycle = new ArrayList<>(including);
            cycle.add(partial);
            throw fail(
                code,
                "partials include each other ("
                    + String.join(" -> ", cycle.stream().map(n -> "'" + n + "'").toList())
                    + "); a partial must not include itself, directly or through others",
                false);
          }
          including.addLast(partial);
          check(code.getCodes(), stack);
          including.removeLast();
        } else {
          check(code.getCodes(), stack);
        }
      }
    }

    private Object resolve(Code code, Deque<Object> stack) {
      String name = code.getName();
      if (name.equals(".")) {
        return stack.peek();
      }
      String[] parts = name.split("\\.");
      for (Object scope : stack) {
        if (scope instanceof Map<?, ?> map && map.containsKey(parts[0])) {
          Object value = map.get(parts[0]);
          for (int i = 1; i < parts.length; i++) {
            if (!(value instanceof Map<?, ?> inner) || !inner.containsKey(parts[i])) {
              throw fail(code, "unknown variable '" + name + "'");
            }
            value = inner.get(parts[i]);
          }
          return value;
        }
      }
      throw fail(code, "unknown variable '" + name + "'");
    }

    private TemplateException fail(Code code, String problem) {
      return fail(code, problem, true);
    }

    private TemplateException fail(Code code, String problem, boolean aboutVariables) {
      TemplateContext tc = contexts.get(code);
      String where = tc == null ? "mail template" : location(overrides, tc);
      return new TemplateException(
          where
              + ": "
              + problem
              + (aboutVariables ? "; see docs/mail.md for the variables templates can use" : ""));
    }
  }
}
