package dev.rundbrief.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Finds the main content of a web page and the site's previous/next links.
 *
 * <p>The content is decided by the text, not by class names: (1) previous/next links are read
 * before anything is removed; (2) scripts, styles and hidden elements go; (3) text that sits
 * directly in a {@code div}, {@code section} or {@code td}, or in runs of {@code span}s, or between
 * {@code <br><br>}, becomes a paragraph; (4) every paragraph of 25+ characters (and every list item
 * with a sentence of 80+ characters that is mostly not link text) scores 1 + commas + length/100
 * (at most 3), scaled by its own link density, for its parent, half for its grandparent and a sixth
 * for the level above; (5) each candidate's score is scaled by its link density and by nudges: tag
 * ({@code article}, {@code main} up; {@code nav}, {@code aside}, {@code footer} down), class/id
 * tokens of itself and its ancestors (known body containers and "content", "post" up; "comment",
 * "sidebar", "ad" down), never to zero; (6) the best candidate is joined with the other strong
 * candidates near it (an article split into sections between figures) and with intro paragraphs
 * beside it, and widened to its enclosing {@code <article>} when that adds only a header and
 * figures; (7) inside the result, chrome and boilerplate that does not hold real prose is removed
 * (share bars, bylines, date lines, captions repeated, photo credits, promos, tag lists, "Most
 * read" and "Related" lists). A page whose result is too short, mostly links or without one real
 * paragraph has no article, and the extraction says why.
 *
 * <p>The extractor works on a copy; the caller's document is not changed.
 */
final class ContentExtractor {
  /**
   * What the extractor found.
   *
   * @param content the article body, or {@code null} when the page holds no article
   * @param headline the heading removed from the body because it repeats the title, or empty
   * @param nearestHeading the {@code h1} nearest the article (inside it, else the last before it)
   * @param related the previous/next links
   * @param diagnosis why there is no article, when {@code content} is {@code null}; else empty
   */
  record Extraction(
      Element content,
      String headline,
      String nearestHeading,
      List<RelatedLink> related,
      String diagnosis) {}

  static final int MIN_CONTENT_CHARS = 200;
  private static final int MIN_PARAGRAPH_CHARS = 25;
  private static final String WRAPPED = "data-rundbrief-wrapped";

  private static final String JUNK_TAGS =
      "script, style, noscript, template, iframe, svg, canvas, object, embed, button, input,"
          + " select, textarea, dialog, link, meta, [hidden], [aria-hidden=true],"
          + " [style~=(?i)display:\\s*none], [style~=(?i)visibility:\\s*hidden]";

  private static final Set<String> CHROME_TAGS = Set.of("nav", "footer", "aside", "menu");
  private static final Set<String> CHROME_ROLES =
      Set.of(
          "navigation",
          "banner",
          "contentinfo",
          "complementary",
          "search",
          "dialog",
          "alertdialog",
          "menu",
          "menubar");

  /** Class or id tokens of page chrome; matched against each token separately. */
  private static final Pattern CHROME_CLASS =
      Pattern.compile(
          "(?i)(?:^|[-_])(?:nav\\w*|menu\\w*|breadcrumbs?|site-header|masthead|topbar|footer\\w*"
              + "|sidebar\\w*|widgets?|widget-area|share\\w*|sharing|sharedaddy|social\\w*"
              + "|comments?|commentlist|respond|disqus|cookie\\w*|consent\\w*|cmp|gdpr"
              + "|newsletter\\w*|subscribe\\w*|subscription|signup|promo\\w*|advert\\w*|ads?"
              + "|adslot|ad-?container|anzeige|werbung|sponsor\\w*|related\\w*|recommend\\w*"
              + "|more-stories|outbrain|taboola|popup|modal|overlay|pagination|most-read"
              + "|mostread|meistgelesen|popular|trending|video-?teaser|teaser\\w*"
              + "|pager|post-navigation|item-pagination|author-bio|author-box|skip-link"
              + "|screen-reader-text|sr-only|visually-hidden|print-only|toolbar|tagcloud"
              + "|mehr-zum-thema|weitere-artikel|banner|hinweis-box|credits?|copyright"
              + "|citation|cite-this)(?:$|[-_])");

  /** Class or id tokens of article metadata inside the content: bylines, dates, tags. */
  private static final Pattern META_CLASS =
      Pattern.compile(
          "(?i)(?:^|[-_])(?:byline|author\\w*|autor\\w*|meta|post-meta|entry-meta|article-meta"
              + "|dateline|date|published|timestamp|posted-on|reading-time|read-time|entry-footer"
              + "|post-footer|tags?|tag-links|categories|cat-links|kicker|dachzeile|overline"
              + "|eyebrow|caption-credit|photo-credit|speechify-ignore)(?:$|[-_])");

  /** Body containers of common publishing systems: a strong nudge, never a decision. */
  private static final List<String> CONTENT_SELECTORS =
      List.of(
          "[itemprop=articleBody]",
          ".entry-content",
          ".post-content",
          ".article-content",
          ".article-body",
          ".article__body",
          ".articleBody",
          ".post-body",
          ".post-full-content",
          ".gh-content",
          ".blog-item-content",
          ".c-article-body",
          ".story-body",
          ".field--name-body",
          ".node__content",
          ".td-post-content",
          ".available-content",
          ".body.markup",
          ".rich-text",
          ".sqs-block-content",
          "#article-body",
          "#content-body");

  private static final Evaluator CONTENT_CONTAINER =
      QueryParser.parse(String.join(", ", CONTENT_SELECTORS));

  private static final Pattern TOKEN_SPLIT = Pattern.compile("[^a-z0-9]+");
  private static final Set<String> NEGATIVE_TOKENS =
      Set.of(
          "ad",
          "ads",
          "nav",
          "menu",
          "meta",
          "footer",
          "footnote",
          "sidebar",
          "widget",
          "sponsor",
          "sponsored",
          "share",
          "sharing",
          "shared",
          "social",
          "teaser",
          "related",
          "promo",
          "banner",
          "login",
          "combx",
          "contact",
          "shoutbox",
          "comment",
          "comments",
          "commentlist",
          "respond",
          "disqus",
          "popular",
          "trending",
          "mostread",
          "newsletter",
          "subscribe",
          "cookie",
          "consent",
          "breadcrumb",
          "breadcrumbs",
          "masthead",
          "recommended",
          "outbrain",
          "taboola",
          "pagination",
          "gallery");
  private static final Set<String> STRONG_NEGATIVE_TOKENS =
      Set.of("comment", "comments", "commentlist", "respond", "disqus", "related", "nav", "menu");
  private static final Pattern POSITIVE_HINT =
      Pattern.compile(
          "(?i)article|body|content|entry|hentry|main|page|post|text|blog|story|beitrag|artikel"
              + "|paywall");

  private static final Pattern RELATED_HEADING =
      Pattern.compile(
          "(?i)^(das könnte (sie|dich) auch interessieren|mehr zum thema|weitere artikel"
              + "|auch interessant|lesen sie auch|weiterlesen|empfehlungen( der redaktion)?"
              + "|ähnliche (beiträge|artikel)|verwandte (beiträge|artikel)|related( posts| articles"
              + "| stories)?|you (might|may) also like|more (from|stories|on this topic).*"
              + "|read (more|next)|recommended( for you| reading)?|keep reading|share this( post)?"
              + "|teilen|diesen (artikel|beitrag) teilen|kommentare|comments|leave a (reply|comment)"
              + "|schreibe einen kommentar|most (read|popular|viewed|shared)|meistgelesen"
              + "|meistgelesene artikel|am meisten gelesen|top stories|trending( now)?"
              + "|beliebte (artikel|beiträge)|popular( (posts|stories))?)\\s*:?$");
  private static final Pattern INLINE_RELATED =
      Pattern.compile(
          "(?i)^(lesen sie auch|mehr zum thema|auch interessant|siehe auch|read more|related"
              + "|see also|also read|video|watch|sehen sie|zum video)\\b.*");

  /** Short lines that are boilerplate wherever they stand: credits, promos, citations, toggles. */
  private static final Pattern BOILERPLATE_LINE =
      Pattern.compile(
          "(?iu)^(?:(?:foto|fotos|photo|photos|bild|bilder|image|credit|credits|quelle"
              + "|illustration|grafik)\\s*:"
              + "|©|\\(c\\)\\s|copyright\\b|all rights reserved|alle rechte vorbehalten"
              + "|have a tip|got a tip|tips\\?|hinweise\\?|subscribe\\b|sign up\\b|abonnieren\\b"
              + "|jetzt abonnieren|jetzt anmelden|support (?:us|our)\\b|unterstützen sie\\b"
              + "|follow us\\b|folgen sie uns\\b|get our newsletter|unser newsletter"
              + "|cite this|citation\\s*:|zitiervorschlag|zitierweise|how to cite"
              + "|tags\\s*:|schlagworte\\s*:|schlagwörter\\s*:|themen\\s*:|topics\\s*:"
              + "|filed under\\b|kategorie\\s*:|category\\s*:"
              + "|(?:show |mehr |weniger )?(?:less|more|mehr|weniger|anzeigen)$)");

  private static final String LABEL_END = "(?=$|[\\s:»›→«‹←|/-])";
  private static final Pattern PREV_LABEL =
      Pattern.compile(
          "(?iu)^[«‹←<\\s]*(zurück(?!\\s+(?:zur|zum|nach)\\s)|vorheriger (artikel|beitrag)"
              + "|voriger (artikel|beitrag)|vorheriger|vorige|previous (post|article|story|entry)"
              + "|previous|prev|older post|älterer beitrag)"
              + LABEL_END
              + "[\\s:»›→«‹←|/-]*");
  private static final Pattern NEXT_LABEL =
      Pattern.compile(
          "(?iu)^[»›→>\\s]*(weiter|nächster (artikel|beitrag)|nächste|next (post|article|story"
              + "|entry)|next|newer post|neuerer beitrag)"
              + LABEL_END
              + "[\\s:»›→«‹←|/-]*");
  private static final Pattern PREV_CLASS =
      Pattern.compile("(?i)(?:^|[-_])(?:prev|previous|older|vorherig\\w*)(?:$|[-_])");
  private static final Pattern NEXT_CLASS =
      Pattern.compile("(?i)(?:^|[-_])(?:next|newer|naechst\\w*)(?:$|[-_])");

  /** Elements that make up a line of text; a run of them (with text nodes) is a paragraph. */
  private static final Set<String> INLINE_TAGS =
      Set.of(
          "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
          "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike",
          "strong", "sub", "sup", "time", "tt", "u", "var", "wbr");

  /** Elements whose loose text and inline runs are wrapped into paragraphs. */
  private static final Set<String> WRAPPING_CONTAINERS =
      Set.of(
          "div",
          "section",
          "article",
          "main",
          "body",
          "td",
          "th",
          "center",
          "header",
          "font",
          "form",
          "blockquote",
          "span");

  private static final Set<String> BLOCK_TAGS =
      Set.of(
          "p",
          "div",
          "section",
          "article",
          "ul",
          "ol",
          "dl",
          "table",
          "blockquote",
          "pre",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "figure",
          "header",
          "main",
          "form",
          "aside",
          "nav",
          "footer");

  private ContentExtractor() {}

  /**
   * Extracts the article from a page whose base URI is already set.
   *
   * @param titleHints the titles from the page's metadata; a heading with the same text is removed
   *     from the body
   */
  static Extraction extract(Document page, List<String> titleHints) {
    Document doc = page.clone();
    Element body = doc.body();
    List<RelatedLink> related = new ArrayList<>();
    removePrevNext(body, related);
    body.select(JUNK_TAGS).remove();
    wrapLooseText(body);
    Scoring scoring = Scoring.of(body, titleHints);
    if (scoring.top == null) {
      return new Extraction(
          null, "", nearestH1(body, null), related, scoring.noParagraphDiagnosis(body));
    }
    Element root = chooseRoot(scoring);
    Element largest = scoring.largestProse;
    if (largest != null
        && largest.parent() != null
        && !isAttached(largest, root)
        && root.text().length() < largest.text().length()) {
      // Commas can outscore length; the result never holds less than the largest paragraph.
      scoring.top = largest.parent();
      scoring.topScore = scoring.scoreOf(scoring.top);
      root = chooseRoot(scoring);
    }
    String nearest = nearestH1(body, root);
    String headline = removeHeadline(root, titleHints);
    Removals removals = new Removals();
    cleanInside(root, scoring, removals);
    String problem = problemWith(root);
    if (!problem.isEmpty()) {
      return new Extraction(
          null, headline, nearest, related, describe(root, problem, scoring, removals));
    }
    for (Element e : root.select("[" + WRAPPED + "]")) {
      e.removeAttr(WRAPPED);
    }
    return new Extraction(root, headline, nearest, related, "");
  }

  // ---- loose text ----

  /**
   * Wraps text that stands directly in a container, or in a run of inline elements beside blocks,
   * into paragraphs; {@code <br><br>} separates paragraphs, as in Blogger's posts.
   */
  private static void wrapLooseText(Element body) {
    // A span or font that holds <br>-separated text is only styling around paragraphs.
    for (Element styling : body.select("span:has(> br), font:has(> br)")) {
      styling.unwrap();
    }
    for (Element container : body.getAllElements()) {
      String tag = container.tagName();
      if (!WRAPPING_CONTAINERS.contains(tag)
          || ((tag.equals("span") || tag.equals("font")) && !hasBlockChild(container))) {
        continue;
      }
      if (container.childNodeSize() == 0 || container.parent() == null && container != body) {
        continue;
      }
      List<Node> run = new ArrayList<>();
      for (Node child : new ArrayList<>(container.childNodes())) {
        if (isInline(child)) {
          if (child instanceof Element br
              && br.tagName().equals("br")
              && !run.isEmpty()
              && endsWithBreak(run)) {
            wrap(run);
            run.clear();
            br.remove();
            continue;
          }
          run.add(child);
        } else {
          wrap(run);
          run.clear();
        }
      }
      wrap(run);
    }
  }

  private static boolean endsWithBreak(List<Node> run) {
    for (int i = run.size() - 1; i >= 0; i--) {
      Node n = run.get(i);
      if (n instanceof TextNode t && t.isBlank()) {
        continue;
      }
      return n instanceof Element e && e.tagName().equals("br");
    }
    return false;
  }

  private static boolean isInline(Node node) {
    if (node instanceof TextNode) {
      return true;
    }
    if (node instanceof Element e) {
      return INLINE_TAGS.contains(e.tagName()) && !hasBlockChild(e);
    }
    return false;
  }

  private static boolean hasBlockChild(Element e) {
    for (Element child : e.children()) {
      if (BLOCK_TAGS.contains(child.tagName()) || hasBlockChild(child)) {
        return true;
      }
    }
    return false;
  }

  private static void wrap(List<Node> run) {
    int first = 0;
    int last = run.size() - 1;
    while (first <= last && isBlankOrBreak(run.get(first))) {
      first++;
    }
    while (last >= first && isBlankOrBreak(run.get(last))) {
      last--;
    }
    if (first > last) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (int i = first; i <= last; i++) {
      Node n = run.get(i);
      text.append(n instanceof TextNode t ? t.text() : ((Element) n).text());
    }
    if (text.toString().isBlank()) {
      return;
    }
    Element p = new Element("p").attr(WRAPPED, "");
    run.get(first).before(p);
    for (int i = first; i <= last; i++) {
      p.appendChild(run.get(i));
    }
    for (int i = last + 1; i < run.size(); i++) {
      if (run.get(i) instanceof Element br && br.tagName().equals("br")) {
        br.remove();
      }
    }
  }

  private static boolean isBlankOrBreak(Node n) {
    return (n instanceof TextNode t && t.isBlank())
        || (n instanceof Element e && e.tagName().equals("br"));
  }

  // ---- scoring ----

  /** Paragraph scores of the candidates (the ancestors of paragraphs) and the best of them. */
  private static final class Scoring {
    final Map<Element, Double> raw = new IdentityHashMap<>();
    final Map<Element, Double> score = new IdentityHashMap<>();
    final Map<Element, Double> nudges = new IdentityHashMap<>();
    Element top;
    double topScore;
    Element largestParagraph;
    int largestParagraphChars;

    /** The longest paragraph that is mostly not link text and not in page chrome. */
    Element largestProse;

    int largestProseChars;

    static Scoring of(Element body, List<String> titleHints) {
      Scoring s = new Scoring();
      s.markTitleHeadings(body, titleHints);
      for (Element block : body.select("p, pre, td, blockquote, li")) {
        String tag = block.tagName();
        if ((tag.equals("td") || tag.equals("blockquote") || tag.equals("li"))
            && block.selectFirst("p, pre, td, div, table, ul, ol") != null) {
          continue;
        }
        if (tag.equals("li") && !ListItems.isProse(block)) {
          continue;
        }
        String text = block.text();
        if (text.length() > s.largestParagraphChars) {
          s.largestParagraph = block;
          s.largestParagraphChars = text.length();
        }
        if (text.length() < MIN_PARAGRAPH_CHARS) {
          continue;
        }
        double links = linkDensity(block);
        if (links < 0.5 && text.length() > s.largestProseChars && !inChromeTag(block, body)) {
          s.largestProse = block;
          s.largestProseChars = text.length();
        }
        double points = (1 + commas(text) + Math.min(text.length() / 100, 3)) * (1 - links);
        Element ancestor = block.parent();
        for (int level = 0; level < 3 && ancestor != null; level++) {
          if (ancestor == body && level > 0) {
            break;
          }
          double share = level == 0 ? 1 : level == 1 ? 0.5 : 1.0 / 6;
          s.raw.merge(ancestor, points * share, Double::sum);
          if (ancestor == body) {
            break;
          }
          ancestor = ancestor.parent();
        }
      }
      for (Map.Entry<Element, Double> e : s.raw.entrySet()) {
        Element candidate = e.getKey();
        // The body itself is a candidate only through text that stands directly in it.
        double value = e.getValue() * (1 - linkDensity(candidate)) * s.nudge(candidate, body);
        if (s.titleWrappers.contains(candidate)
            || candidate.parent() != null && s.titleWrappers.contains(candidate.parent())) {
          value *= 1.5;
        }
        s.score.put(candidate, value);
        if (value > s.topScore) {
          s.top = candidate;
          s.topScore = value;
        }
      }
      return s;
    }

    /** Wrappers of a heading that repeats the page's title: the article is beside it. */
    final Set<Element> titleWrappers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private void markTitleHeadings(Element body, List<String> titleHints) {
      Set<String> titles = new HashSet<>();
      for (String hint : titleHints) {
        String t = ArticleId.normalizeTitle(hint);
        if (t.split(" ").length >= 2) {
          titles.add(t);
        }
      }
      if (titles.isEmpty()) {
        return;
      }
      for (Element h : body.select("h1, h2, h3")) {
        if (titles.contains(ArticleId.normalizeTitle(h.text()))) {
          Element p = h.parent();
          for (int level = 0; level < 2 && p != null && p != body; level++) {
            titleWrappers.add(p);
            p = p.parent();
          }
        }
      }
    }

    double scoreOf(Element e) {
      return score.getOrDefault(e, 0.0);
    }

    /** The product of the element's own nudge and its ancestors', between 0.1 and 3. */
    double nudge(Element e, Element body) {
      double product = 1;
      for (Element p = e; p != null && p != body; p = p.parent()) {
        product *= ownNudge(p, p == e);
      }
      return Math.max(0.1, Math.min(3, product));
    }

    private double ownNudge(Element e, boolean self) {
      Double cached = nudges.get(e);
      double own;
      if (cached != null) {
        own = cached;
      } else {
        own = computeNudge(e);
        nudges.put(e, own);
      }
      // Positive hints count for the candidate itself, not for every wrapper above it.
      return self || own < 1 ? own : 1;
    }

    private static double computeNudge(Element e) {
      double n = 1;
      String tag = e.tagName();
      if (tag.equals("article")) {
        n *= 1.3;
      } else if (tag.equals("main")) {
        n *= 1.15;
      } else if (CHROME_TAGS.contains(tag)) {
        n *= 0.5;
      }
      if (CHROME_ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT))) {
        n *= 0.5;
      }
      if (isContentContainer(e)) {
        n *= 1.5;
      }
      String hints = (e.className() + " " + e.id()).toLowerCase(Locale.ROOT);
      if (hints.isBlank()) {
        return n;
      }
      boolean negative = false;
      boolean strong = false;
      for (String token : TOKEN_SPLIT.split(hints)) {
        if (NEGATIVE_TOKENS.contains(token)) {
          negative = true;
          strong |= STRONG_NEGATIVE_TOKENS.contains(token);
        }
      }
      if (negative) {
        n *= strong ? 0.5 : 0.8;
      }
      if (POSITIVE_HINT.matcher(hints).find()) {
        n *= 1.25;
      }
      return n;
    }

    String noParagraphDiagnosis(Element body) {
      int chars = body.text().length();
      if (largestParagraph == null) {
        return "the page has no paragraph at all (" + chars + " characters of text)";
      }
      if (largestParagraphChars < MIN_PARAGRAPH_CHARS) {
        return "no paragraph has "
            + MIN_PARAGRAPH_CHARS
            + "+ characters of text; the largest, "
            + describe(largestParagraph)
            + ", has "
            + largestParagraphChars;
      }
      return "no block holds text that is not link text; the largest paragraph, "
          + describe(largestParagraph)
          + ", has "
          + largestParagraphChars
          + " characters";
    }
  }

  // ---- the root ----

  /**
   * The best candidate, joined with the strong candidates and intro paragraphs near it and widened
   * to its {@code <article>} when that adds only a header and figures.
   */
  private static Element chooseRoot(Scoring s) {
    Element top = s.top;
    // A wrapper whose own score is close holds text split around an ad slot or a figure.
    Element parent = top.parent();
    while (parent != null && s.scoreOf(parent) >= s.topScore * 0.9 && parent.parent() != null) {
      top = parent;
      parent = parent.parent();
    }
    List<Element> members = new ArrayList<>();
    members.add(top);
    List<Element> farSections = new ArrayList<>();
    for (Map.Entry<Element, Double> e : s.score.entrySet()) {
      Element c = e.getKey();
      boolean strong = e.getValue() >= s.topScore * 0.25;
      boolean section = e.getValue() >= 1 && SplitBodies.sameKind(c, top);
      if (!(strong || section) || c == top || isRelated(c, top)) {
        continue;
      }
      Element common = commonAncestor(top, c);
      int distance = depth(top) - depth(common);
      if (hasNegativeHint(c, common)) {
        continue;
      }
      if (distance <= 2) {
        members.add(c);
      } else if (section && distance <= SplitBodies.MAX_DISTANCE) {
        farSections.add(c);
      }
    }
    // Sections further apart (steps of a how-to, blocks between drop caps and figures) join only
    // when their wrapper adds little: else the join would take in the comments beside them.
    if (!farSections.isEmpty()) {
      List<Element> all = new ArrayList<>(members);
      all.addAll(farSections);
      if (SplitBodies.holdLittleElse(
          commonAncestor(all), all, ContentExtractor::hasStrongNegativeToken)) {
        members = all;
      }
    }
    Element root = members.size() == 1 ? top : commonAncestor(members);
    if (root == null || root.parent() == null) {
      root = top;
    }
    if (root == top && top.parent() != null && top.parent().parent() != null) {
      // An intro paragraph beside the body container belongs to the article.
      for (Element sibling : top.parent().children()) {
        if (sibling != top && isProse(sibling) && !isChrome(sibling)) {
          members.add(sibling);
          root = top.parent();
        }
      }
    }
    if (root != top) {
      trimToMembers(root, members);
    }
    return widenToArticle(root, s);
  }

  private static boolean isProse(Element e) {
    return e.tagName().equals("p") && e.text().length() >= 80 && linkDensity(e) < 0.25;
  }

  /** Keeps the children of the root from the first to the last that holds a member. */
  private static void trimToMembers(Element root, List<Element> members) {
    List<Element> children = new ArrayList<>(root.children());
    int first = -1;
    int last = -1;
    Set<Element> holding = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < children.size(); i++) {
      Element child = children.get(i);
      for (Element m : members) {
        if (m == child || isAncestor(child, m) || isAncestor(m, child)) {
          holding.add(child);
          first = first < 0 ? i : first;
          last = i;
          break;
        }
      }
    }
    if (first < 0) {
      return;
    }
    for (int i = 0; i < children.size(); i++) {
      Element child = children.get(i);
      boolean outside = i < first || i > last;
      if (outside && !child.is("h1, h2, header, figure, picture, img")) {
        child.remove();
      } else if (!holding.contains(child) && isChrome(child) && !hasProse(child)) {
        child.remove();
      }
    }
  }

  private static Element widenToArticle(Element root, Scoring s) {
    Element article = root.parent() == null ? null : root.parent().closest("article");
    if (article == null || article.selectFirst("article article") != null) {
      return root;
    }
    int rootChars = root.text().length();
    for (Map.Entry<Element, Double> e : s.score.entrySet()) {
      Element c = e.getKey();
      if (e.getValue() >= s.topScore * 0.25
          && isAncestor(article, c)
          && c != root
          && !isAncestor(root, c)
          && !isAncestor(c, root)
          && !inChrome(c, article)) {
        return root;
      }
    }
    if (article.text().length() > 2 * rootChars + 1000) {
      return root;
    }
    for (Element child : new ArrayList<>(article.children())) {
      if (child != root && !isAncestor(child, root) && isChrome(child) && !hasProse(child)) {
        child.remove();
      }
    }
    return article;
  }

  private static boolean inChrome(Element e, Element stop) {
    for (Element p = e; p != null && p != stop; p = p.parent()) {
      if (CHROME_TAGS.contains(p.tagName())
          || CHROME_ROLES.contains(p.attr("role").toLowerCase(Locale.ROOT))
          || hasStrongNegativeToken(p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} is inside a {@code nav}, {@code aside}, {@code footer} or a chrome role. */
  private static boolean inChromeTag(Element e, Element stop) {
    for (Element p = e; p != null && p != stop; p = p.parent()) {
      if (CHROME_TAGS.contains(p.tagName())
          || CHROME_ROLES.contains(p.attr("role").toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} or an ancestor below {@code stop} is chrome or has a negative hint. */
  private static boolean hasNegativeHint(Element e, Element stop) {
    for (Element p = e; p != null && p != stop; p = p.parent()) {
      if (CHROME_TAGS.contains(p.tagName())
          || CHROME_ROLES.contains(p.attr("role").toLowerCase(Locale.ROOT))) {
        return true;
      }
      String hints = (p.className() + " " + p.id()).toLowerCase(Locale.ROOT);
      if (!hints.isBlank()) {
        for (String token : TOKEN_SPLIT.split(hints)) {
          if (NEGATIVE_TOKENS.contains(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean hasStrongNegativeToken(Element e) {
    String hints = (e.className() + " " + e.id()).toLowerCase(Locale.ROOT);
    if (hints.isBlank()) {
      return false;
    }
    for (String token : TOKEN_SPLIT.split(hints)) {
      if (STRONG_NEGATIVE_TOKENS.contains(token)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRelated(Element a, Element b) {
    return isAncestor(a, b) || isAncestor(b, a);
  }

  /** Whether {@code ancestor} strictly contains {@code e}. */
  private static boolean isAncestor(Element ancestor, Element e) {
    for (Element p = e.parent(); p != null; p = p.parent()) {
      if (p == ancestor) {
        return true;
      }
    }
    return false;
  }

  private static int depth(Element e) {
    int d = 0;
    for (Element p = e.parent(); p != null; p = p.parent()) {
      d++;
    }
    return d;
  }

  private static Element commonAncestor(Element a, Element b) {
    Set<Element> chain = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Element p = a; p != null; p = p.parent()) {
      chain.add(p);
    }
    for (Element p = b; p != null; p = p.parent()) {
      if (chain.contains(p)) {
        return p;
      }
    }
    return null;
  }

  private static Element commonAncestor(List<Element> elements) {
    Element common = elements.get(0);
    for (Element e : elements) {
      common = commonAncestor(common, e);
      if (common == null) {
        return null;
      }
    }
    return common;
  }

  private static String nearestH1(Element body, Element root) {
    if (root != null) {
      Element inside = root.selectFirst("h1");
      if (inside != null) {
        return inside.text();
      }
    }
    Element last = null;
    for (Element e : body.getAllElements()) {
      if (e == root) {
        break;
      }
      if (e.tagName().equals("h1") && !inChrome(e, body)) {
        last = e;
        if (root == null) {
          break;
        }
      }
    }
    return last == null ? "" : last.text();
  }

  // ---- previous / next ----

  private static void removePrevNext(Element body, List<RelatedLink> related) {
    Element prev = null;
    Element next = null;
    String prevTitle = "";
    String nextTitle = "";
    for (Element a : body.select("a[href]")) {
      String href = a.attr("href").strip();
      if (href.isEmpty()
          || href.startsWith("#")
          || href.toLowerCase(Locale.ROOT).startsWith("javascript:")) {
        continue;
      }
      RelatedLink.Relation relation = relationOf(a);
      if (relation == null) {
        continue;
      }
      String title = titleOf(a, relation);
      if (title.isEmpty()) {
        continue;
      }
      if (relation == RelatedLink.Relation.PREVIOUS && prev == null) {
        prev = a;
        prevTitle = title;
      } else if (relation == RelatedLink.Relation.NEXT && next == null) {
        next = a;
        nextTitle = title;
      }
    }
    int budget =
        (prev == null ? 0 : prev.text().length()) + (next == null ? 0 : next.text().length());
    if (prev != null) {
      add(related, RelatedLink.Relation.PREVIOUS, prevTitle, prev);
    }
    if (next != null) {
      add(related, RelatedLink.Relation.NEXT, nextTitle, next);
    }
    for (Element a : new Element[] {prev, next}) {
      if (a != null && a.parent() != null) {
        container(a, budget + 40).remove();
      }
    }
  }

  private static void add(
      List<RelatedLink> related, RelatedLink.Relation relation, String title, Element a) {
    URI url = null;
    try {
      String abs = a.absUrl("href");
      url = new URI(abs.isEmpty() ? a.attr("href").strip() : abs);
    } catch (URISyntaxException e) {
      // a link we cannot parse still names the neighbouring article
    }
    related.add(new RelatedLink(relation, title, url));
  }

  /** The largest ancestor that holds little more than the previous/next links themselves. */
  private static Element container(Element a, int maxChars) {
    Element box = a;
    Element parent = a.parent();
    while (parent != null
        && !parent.tagName().equals("body")
        && parent.text().length() <= maxChars
        && !isContentContainer(parent)) {
      box = parent;
      parent = parent.parent();
    }
    return box;
  }

  private static RelatedLink.Relation relationOf(Element a) {
    String rel = a.attr("rel").toLowerCase(Locale.ROOT);
    if (rel.matches(".*\\b(prev|previous)\\b.*")) {
      return RelatedLink.Relation.PREVIOUS;
    }
    if (rel.matches(".*\\bnext\\b.*")) {
      return RelatedLink.Relation.NEXT;
    }
    Element e = a;
    for (int depth = 0; depth < 3 && e != null && !e.tagName().equals("body"); depth++) {
      if (matchesToken(e, PREV_CLASS)) {
        return RelatedLink.Relation.PREVIOUS;
      }
      if (matchesToken(e, NEXT_CLASS)) {
        return RelatedLink.Relation.NEXT;
      }
      e = e.parent();
    }
    String text = a.text();
    if (PREV_LABEL.matcher(text).lookingAt()) {
      return RelatedLink.Relation.PREVIOUS;
    }
    if (NEXT_LABEL.matcher(text).lookingAt()) {
      return RelatedLink.Relation.NEXT;
    }
    return null;
  }

  private static String titleOf(Element a, RelatedLink.Relation relation) {
    Pattern label = relation == RelatedLink.Relation.PREVIOUS ? PREV_LABEL : NEXT_LABEL;
    String text = a.text().strip();
    // Squarespace repeats the label ("Zurück Zurück Titel"), so strip it as often as it leads.
    for (int i = 0; i < 3; i++) {
      Matcher m = label.matcher(text);
      if (!m.lookingAt() || m.end() == 0) {
        break;
      }
      text = text.substring(m.end()).strip();
    }
    text = text.replaceAll("[«‹←»›→]+", " ").strip();
    if (text.isEmpty() || text.length() < 3 || text.matches("\\d+")) {
      String title = a.attr("title").strip();
      return title.length() >= 3 ? title : "";
    }
    return text;
  }

  // ---- inside the root ----

  private static String removeHeadline(Element root, List<String> titleHints) {
    String headline = "";
    Set<String> wanted = new HashSet<>();
    for (String hint : titleHints) {
      String normalized = ArticleId.normalizeTitle(hint);
      if (!normalized.isEmpty()) {
        wanted.add(normalized);
      }
    }
    for (Element h : root.select("h1, h2")) {
      if (wanted.contains(ArticleId.normalizeTitle(h.text()))) {
        headline = headline.isEmpty() ? h.text() : headline;
        h.remove();
      }
    }
    Element h1 = root.selectFirst("h1");
    if (h1 != null && root.select("h1").size() == 1 && precedesText(root, h1)) {
      headline = headline.isEmpty() ? h1.text() : headline;
      h1.remove();
    }
    return headline;
  }

  /** Whether the heading comes before the first real paragraph of the root. */
  private static boolean precedesText(Element root, Element heading) {
    for (Element e : root.getAllElements()) {
      if (e == heading) {
        return true;
      }
      if (e.tagName().equals("p") && e.text().length() >= 80) {
        return false;
      }
    }
    return false;
  }

  /** The biggest piece of text that cleaning removed, to explain a refusal. */
  private static final class Removals {
    Element largest;
    int largestChars;
    String reason = "";

    void note(Element e, String why) {
      int chars = e.text().length();
      if (chars > largestChars) {
        largest = e.shallowClone();
        largestChars = chars;
        reason = why;
      }
    }
  }

  private static void cleanInside(Element root, Scoring scoring, Removals removals) {
    Element top = scoring.top;
    for (Element e : root.getAllElements()) {
      if (e == root || e.parent() == null || !isAttached(e, root)) {
        continue;
      }
      if (e == top || isAncestor(e, top)) {
        continue;
      }
      boolean chrome = isChrome(e);
      boolean meta =
          chrome
              || matchesToken(e, META_CLASS)
              || (e.tagName().equals("time") && e.closest("p, li, blockquote, td") == null);
      if (!meta || isContentContainer(e) || e.tagName().equals("figure")) {
        continue;
      }
      int prose = chrome ? proseCharsBesideTeasers(e) : proseChars(e);
      if (prose < (e.tagName().equals("header") ? 60 : MIN_CONTENT_CHARS)) {
        removals.note(e, chrome ? "page chrome by its tag, role or class" : "article metadata");
        e.remove();
      }
    }
    removeRelatedLists(root, removals);
    removeBoilerplateLines(root, removals);
    removeRepeatedCaptions(root, removals);
    for (Element box : root.select("div, section, ul, ol, table")) {
      if (box.parent() == null || !isAttached(box, root) || box == top || isAncestor(box, top)) {
        continue;
      }
      int length = box.text().length();
      if (linkDensity(box) > 0.5 && length < 600 && !hasProse(box)) {
        removals.note(box, "mostly links");
        box.remove();
      } else if (box.is("div, section")
          && length < 60
          && box.selectFirst(
                  "p:not(["
                      + WRAPPED
                      + "]), img, figure, h2, h3, h4, pre, blockquote, ul, ol,"
                      + " table")
              == null
          && !box.text().matches(".*[.!?:]\\s*$")) {
        removals.note(box, "a label without a sentence");
        box.remove();
      }
    }
  }

  private static void removeRelatedLists(Element root, Removals removals) {
    for (Element h : root.select("h2, h3, h4, h5, h6, p, strong, div")) {
      if (h.parent() == null || !isAttached(h, root) || h.text().length() > 80) {
        continue;
      }
      if (RELATED_HEADING.matcher(h.text().strip()).matches()) {
        Element sibling = h.nextElementSibling();
        while (sibling != null
            && (linkDensity(sibling) > 0.4
                || sibling.is("ul, ol")
                || sibling.select("a").size() >= 2 && sibling.text().length() < 400)) {
          Element next = sibling.nextElementSibling();
          removals.note(sibling, "a \"" + h.text().strip() + "\" list");
          sibling.remove();
          sibling = next;
        }
        h.remove();
      }
    }
    for (Element p : root.select("p")) {
      if (INLINE_RELATED.matcher(p.text()).matches() && linkDensity(p) > 0.4) {
        removals.note(p, "a \"read also\" line");
        p.remove();
      }
    }
  }

  /** Credits, promos, citations, tag lists, toggles and date lines standing on their own. */
  private static void removeBoilerplateLines(Element root, Removals removals) {
    for (Element e : root.select("p, div, span, small, figcaption, li, section, ul, dl")) {
      if (e.parent() == null || !isAttached(e, root)) {
        continue;
      }
      String text = e.text().strip();
      if (text.isEmpty() || text.length() > 300 || hasProseChild(e)) {
        continue;
      }
      if (BOILERPLATE_LINE.matcher(text).lookingAt()
          && (text.length() < 160 || text.regionMatches(true, 0, "cite", 0, 4))) {
        removals.note(e, "boilerplate (" + text.substring(0, Math.min(30, text.length())) + ")");
        e.remove();
      } else if (text.length() <= 60 && !e.is("li, ul, dl") && PageDates.parse(text).isPresent()) {
        removals.note(e, "a date line");
        e.remove();
      } else if (e.is("p, div, span, small") && Bylines.isBylineLine(text)) {
        removals.note(e, "a byline");
        e.remove();
      }
    }
  }

  private static boolean hasProseChild(Element e) {
    for (Element child : e.children()) {
      if (child.is("p, div, section") && child.text().length() >= 80) {
        return true;
      }
    }
    return false;
  }

  /** Gallery captions repeated further down (desktop and mobile copies, slide strips). */
  private static void removeRepeatedCaptions(Element root, Removals removals) {
    Set<String> seen = new HashSet<>();
    for (Element e : root.select("figcaption, .caption, [class*=caption]")) {
      if (e.parent() == null || !isAttached(e, root)) {
        continue;
      }
      String text = e.text().strip();
      if (text.length() < 15) {
        continue;
      }
      if (!seen.add(text)) {
        removals.note(e, "a repeated caption");
        e.remove();
      }
    }
  }

  private static boolean isAttached(Element e, Element root) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p == root) {
        return true;
      }
    }
    return false;
  }

  private static boolean isChrome(Element e) {
    String tag = e.tagName();
    if (CHROME_TAGS.contains(tag)) {
      return true;
    }
    if (tag.equals("header") && e.selectFirst("h1, h2") == null) {
      return true;
    }
    if (tag.equals("form") && proseChars(e) < MIN_CONTENT_CHARS) {
      return true;
    }
    if (CHROME_ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT))) {
      return true;
    }
    return matchesToken(e, CHROME_CLASS);
  }

  /** The prose of a chrome box, without the excerpts of teasers for other articles. */
  private static int proseCharsBesideTeasers(Element e) {
    int chars = 0;
    for (Element p : e.select("p")) {
      if (linkDensity(p) < 0.5 && !Teasers.isExcerpt(p)) {
        chars += p.text().length();
      }
    }
    return chars;
  }

  private static int proseChars(Element e) {
    int chars = 0;
    for (Element p : e.select("p")) {
      if (linkDensity(p) < 0.5) {
        chars += p.text().length();
      }
    }
    return chars;
  }

  /** Whether a block holds a sentence that is not link text (a paragraph with a few links). */
  private static boolean hasProse(Element box) {
    for (Element p : box.select("p")) {
      if (p.text().length() >= 80 && linkDensity(p) < 0.5) {
        return true;
      }
    }
    return false;
  }

  /** Why the root is not an article, or empty when it is one. */
  private static String problemWith(Element root) {
    int length = root.text().length();
    if (length < MIN_CONTENT_CHARS) {
      return "has " + length + " characters of text, fewer than " + MIN_CONTENT_CHARS;
    }
    double links = linkDensity(root);
    if (links > 0.5) {
      return String.format(Locale.ROOT, "is mostly links (%.0f %% of its text)", links * 100);
    }
    for (Element block : root.select("p, div, td, blockquote, li, pre")) {
      if (block.text().length() >= 80 && linkDensity(block) < 0.5) {
        return "";
      }
    }
    return "has no paragraph of 80+ characters that is not link text";
  }

  private static String describe(Element root, String problem, Scoring scoring, Removals removals) {
    StringBuilder why = new StringBuilder("the best text block, ");
    why.append(describe(root)).append(", ").append(problem);
    if (removals.largest != null && removals.largestChars >= 80) {
      why.append("; cleaning removed ")
          .append(describe(removals.largest))
          .append(" with ")
          .append(removals.largestChars)
          .append(" characters as ")
          .append(removals.reason);
    }
    if (scoring.largestParagraph != null && scoring.largestParagraphChars >= 80) {
      why.append("; the largest paragraph has ")
          .append(scoring.largestParagraphChars)
          .append(" characters");
    }
    return why.toString();
  }

  /** A short CSS-like name of an element for messages: {@code div.post-body#main}. */
  static String describe(Element e) {
    StringBuilder s = new StringBuilder("<").append(e.tagName());
    String id = e.id();
    if (!id.isEmpty()) {
      s.append(" id=\"").append(abbreviate(id)).append('"');
    }
    String classes = e.className().strip();
    if (!classes.isEmpty()) {
      s.append(" class=\"").append(abbreviate(classes)).append('"');
    }
    return s.append('>').toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static boolean isContentContainer(Element e) {
    return e.is(CONTENT_CONTAINER);
  }

  private static boolean matchesToken(Element e, Pattern pattern) {
    for (String token : e.classNames()) {
      if (pattern.matcher(token).find()) {
        return true;
      }
    }
    String id = e.id();
    return !id.isEmpty() && pattern.matcher(id).find();
  }

  // ---- measures ----

  static double linkDensity(Element e) {
    int length = e.text().length();
    if (length == 0) {
      return 0;
    }
    int links = 0;
    for (Element a : e.select("a")) {
      links += a.text().length();
    }
    return Math.min(1.0, (double) links / length);
  }

  private static int commas(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '，' || c == '、') {
        n++;
      }
    }
    return n;
  }
}
