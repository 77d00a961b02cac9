<?xml version="1.0" encoding="UTF-8"?>
<!--
  The web edition: a static site written in one transformation.
  Source document: tei/edition.xml. Parameter $tei-dir: the URI of tei/.
  Writes (relative to the base output URI):
    index.html                 the letters, with filters, sort and counts
    timeline.html              the correspondence by year and month, gaps visible
    search.html                full-text search (the index is built by pagefind afterwards)
    letters/ID.html            a page per document: metadata, citation, text, notes
    essays/ID.html             the introduction
    persons.html, places.html, orgs.html, bibliography.html   the registers
    about.html, principles.html, sources.html                  about the edition
  Every page gets its path back to the site root as the tunnel parameter $root,
  so text rendered anywhere links to the registers and letters correctly.

  $part says which pages to write, so that a build redoes only what an edit touched
  (scripts/edition/writers/html.py):
    all    every page, from the TEI: the reference the other two together must equal;
    summaries  a summary of each letter in $page-files (summaries/letters/ID.xml): what the
           shared pages show of it (its row in the list, dates, title, correspondents,
           the register entries it names), so a build reads again only the letters
           that changed; run on the edition's projection;
    site   every page but the documents' own, plus site-index.xml (the order of the
           letters, the register entries in use) for the pages of the documents, from
           the letters' summaries ($summaries-file, or made here from the letters) and
           the edition's projection, whose documents have no text in their body;
    site-index  site-index.xml alone, as the site part writes it: the pages of the
           documents can then be written while the site part writes the shared pages;
    pages  the pages of the documents in $page-files (paths below tei/), reading the
           order of the letters and the entries in use from $site-index.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:h="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/edition.xsl"/>
  <xsl:import href="../common/text.xsl"/>

  <xsl:param name="tei-dir" as="xs:string" required="yes"/>
  <xsl:param name="link-base" as="xs:string" select="'../'"/>
  <xsl:param name="part" as="xs:string" select="'all'"/>
  <xsl:param name="page-files" as="xs:string" select="''"/>
  <xsl:param name="site-index" as="xs:string" select="''"/>
  <xsl:param name="summaries-file" as="xs:string" select="''"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:variable name="edition" select="/tei:TEI"/>
  <xsl:variable name="site-title" select="string($edition/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'])"/>
  <xsl:variable name="licence" select="string-join($edition//tei:publicationStmt/tei:availability/tei:licence, ' ')"/>

  <!-- The public address of the site, set by an editor in edition.xml; '' when not set. -->
  <xsl:variable name="base-url" as="xs:string">
    <xsl:variable name="url" select="ed:safe-href(($edition/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[lower-case(@type) = 'url'])[1])"/>
    <xsl:sequence select="if (matches($url, '^https?://')) then (if (ends-with($url, '/')) then $url else $url || '/') else ''"/>
  </xsl:variable>

  <!-- Every letter of the edition, in the order of the correspondence. -->
  <xsl:variable name="letters" as="element(tei:TEI)*" select="ed:letters($tei-dir)"/>
  <xsl:variable name="essays" as="element(tei:TEI)*"
                select="collection($tei-dir || 'essays' || $ed:tei-files)/tei:TEI"/>
  <xsl:variable name="note-files" as="element(tei:TEI)*"
                select="collection($tei-dir || 'notes' || $ed:tei-files)/tei:TEI"/>
  <xsl:variable name="doctypes" select="$edition//tei:taxonomy[@xml:id = 'doctypes']/tei:category"/>

  <!-- The pages part's view of the whole site, written by the site part. -->
  <xsl:variable name="site" as="document-node()?" select="if ($site-index) then doc($site-index) else ()"/>

  <!-- The ids of the letters in the order of the correspondence. -->
  <xsl:variable name="letter-order" as="xs:string*"
                select="$letters ! string(@xml:id)"/>

  <!-- What the shared pages show of each letter, in the order of the correspondence
       (the order of ed:letters). Always walked with '!', which keeps that order. -->
  <xsl:variable name="summaries" as="element(ed:summary)*">
    <xsl:choose>
      <xsl:when test="$summaries-file">
        <xsl:perform-sort select="doc($summaries-file)/ed:summaries/ed:summary">
          <xsl:sort select="string(@sort-date)"/>
          <xsl:sort select="xs:integer(@number)"/>
          <xsl:sort select="string(@id)"/>
        </xsl:perform-sort>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$letters ! ed:summary(.)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:function name="ed:summary" as="element(ed:summary)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:for-each select="$tei">
      <ed:summary id="{@xml:id}" file="{replace(base-uri(.), '^.*/([^/]+/[^/]+)$', '$1')}"
                  sort-date="{ed:sort-date(.)}"
                  number="{xs:integer((tei:teiHeader//tei:biblScope[@unit = 'letter'][. castable as xs:integer], 0)[1])}"
                  date="{ed:letter-date(.)}" title="{ed:title(.)}" doctype="{ed:doctype(.)/@xml:id}"
                  source="{normalize-space(tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1]/tei:title[not(@type = 'sub')][1])}">
        <xsl:call-template name="index-row"/>
        <xsl:for-each select="ed:correspondents(.)">
          <ed:c key="{ed:entry-key#1(.)}" display="{ed:display-name(., '')}" short="{ed:short-name(., '')}"/>
        </xsl:for-each>
        <xsl:variable name="doc" select="."/>
        <!-- Who a letter names, in which role, is a set (the registers list each letter once):
             a pointer named again in the same role and place is resolved once. -->
        <xsl:for-each-group select=".//(tei:persName | tei:placeName | tei:orgName | tei:name)[@ref]
                              [ancestor::tei:text or ancestor::tei:correspDesc or ancestor::tei:creation]"
                            group-by="string-join((@ref, ed:mention-role(.), base-uri(.)), '&#10;')">
          <xsl:variable name="role" select="ed:mention-role(.)"/>
          <xsl:for-each select="ed:resolve(@ref, .)">
            <ed:m key="{ed:entry-key#1(.)}" doc="{$doc/@xml:id}" kind="letter" role="{$role}"/>
          </xsl:for-each>
        </xsl:for-each-group>
      </ed:summary>
    </xsl:for-each>
  </xsl:function>

  <!-- A name's part in its document: sender or addressee of a letter, or a participant in
       a recorded conversation; '' for a name in the text. -->
  <xsl:function name="ed:mention-role" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="if ($name/ancestor::tei:creation) then 'took-part'
                          else string($name/ancestor::tei:correspAction[1]/@type)"/>
  </xsl:function>

  <xsl:variable name="registers" as="map(xs:string, xs:string)"
                select="map {'persons': 'People', 'places': 'Places', 'orgs': 'Organisations'}"/>

  <!-- ===== who is mentioned where: one record per name in a letter, note or essay ===== -->

  <!-- The key of a register entry: its file name and id ('persons.xml#stalin'). -->
  <xsl:function name="ed:entry-key" as="xs:string" cache="yes">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="tokenize(base-uri($entry), '/')[last()] || '#' || $entry/@xml:id"/>
  </xsl:function>

  <xsl:variable name="letter-ids" as="map(xs:string, xs:boolean)"
                select="map:merge($summaries ! map {string(@id): true()})"/>

  <!-- Each letter's place in the order of the correspondence, and its summary, by id. -->
  <xsl:variable name="summary-position" as="map(xs:string, xs:integer)"
                select="map:merge($summaries ! map {string(@id): position()}, map {'duplicates': 'use-first'})"/>
  <xsl:variable name="summary-by-id" as="map(xs:string, element(ed:summary))"
                select="map:merge($summaries ! map {string(@id): .}, map {'duplicates': 'use-first'})"/>

  <xsl:variable name="mentions" as="document-node()">
    <xsl:document>
      <xsl:sequence select="$summaries ! ed:m"/>
      <xsl:for-each select="$essays">
        <xsl:variable name="doc" select="."/>
        <xsl:for-each select=".//(tei:persName | tei:placeName | tei:orgName | tei:name)[@ref]
                              [ancestor::tei:text or ancestor::tei:correspDesc or ancestor::tei:creation]">
          <xsl:variable name="role" select="if (ancestor::tei:creation) then 'took-part'
                                            else string(ancestor::tei:correspAction[1]/@type)"/>
          <xsl:for-each select="ed:resolve(@ref, .)">
            <ed:m key="{ed:entry-key(.)}" doc="{$doc/@xml:id}" kind="essay" role="{$role}"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
      <!-- the shared notes are read inside the letters they belong to -->
      <xsl:for-each select="$note-files//tei:note[@target]">
        <xsl:variable name="targets" select="tokenize(@target) ! replace(., '^.*/([^/#]+)\.xml.*$', '$1')"/>
        <xsl:for-each select=".//(tei:persName | tei:placeName | tei:orgName | tei:name)[@ref]">
          <xsl:for-each select="ed:resolve(@ref, .)">
            <xsl:variable name="key" select="ed:entry-key(.)"/>
            <xsl:for-each select="$targets[map:contains($letter-ids, .)]">
              <ed:m key="{$key}" doc="{.}" kind="letter"/>
            </xsl:for-each>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:document>
  </xsl:variable>
  <xsl:key name="mentions" match="ed:m" use="@key"/>

  <!-- The register entries some document names, by entry key. -->
  <xsl:variable name="used" as="map(xs:string, xs:boolean)"
                select="map:merge((if ($site) then $site/ed:site/ed:used/@key ! string(.)
                                   else distinct-values($mentions/ed:m/@key ! string(.))) ! map {.: true()})"/>

  <xsl:function name="ed:is-used" as="xs:boolean">
    <xsl:param name="entry" as="element()?"/>
    <xsl:sequence select="exists($entry) and map:contains($used, ed:entry-key#1($entry))"/>
  </xsl:function>

  <!-- The site page of a register entry, relative to the site root; '' when it has none. -->
  <xsl:function name="ed:entry-page" as="xs:string" cache="yes">
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="file" select="$entry ! tokenize(base-uri(.), '/')[last()]"/>
    <xsl:sequence select="
      if (empty($entry)) then ''
      else if ($file = 'bibliography.xml') then 'bibliography.html#' || $entry/@xml:id
      else if (replace($file, '\.xml$', '') = map:keys($registers) and ed:is-used($entry))
      then replace($file, '\.xml$', '.html') || '#' || $entry/@xml:id
      else ''"/>
  </xsl:function>

  <!-- Where a TEI pointer leads on the site: a page of the edition for the edition's own
       files, else the pointer itself if it is safe to publish (ed:safe-href), else ''. -->
  <xsl:function name="ed:site-href" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:variable name="expanded" select="ed:expand($pointer, $context)"/>
    <xsl:variable name="safe" select="ed:safe-href($expanded)"/>
    <xsl:variable name="absolute" select="if ($safe and not(matches($safe, '^[a-zA-Z][a-zA-Z0-9+.\-]*:')))
                                          then resolve-uri($safe, base-uri($context)) else ''"/>
    <xsl:variable name="tei-root" select="replace(string(base-uri($edition)), '/[^/]*$', '/')"/>
    <xsl:variable name="inside" select="if (starts-with($absolute, $tei-root)) then substring-after($absolute, $tei-root) else ''"/>
    <xsl:variable name="file" select="substring-before($inside || '#', '#')"/>
    <xsl:variable name="fragment" select="substring-after($inside, '#')"/>
    <xsl:sequence select="
      if (not($safe)) then ''
      else if (starts-with($safe, '#')) then $safe
      else if (not($inside)) then $safe
      else if (matches($file, '^(letters|essays)/[^/]+\.xml$'))
      then $root || replace($file, '\.xml$', '.html') || ($fragment[.] ! ('#' || .))
      else if (matches($file, '^registers/[^/]+\.xml$') and $fragment)
      then (ed:entry-page#1(ed:resolve($expanded, $context))[.] ! ($root || .), '')[1]
      else if ($file = 'edition.xml') then $root || 'about.html'
      else $root || 'tei/' || $file"/>
  </xsl:function>

  <!-- ===== the pages ===== -->

  <xsl:template match="/">
    <xsl:if test="not($part = ('all', 'summaries', 'site', 'site-index', 'pages'))">
      <xsl:message terminate="yes">$part must be 'all', 'summaries', 'site', 'site-index' or 'pages', not '<xsl:value-of select="$part"/>'</xsl:message>
    </xsl:if>
    <xsl:if test="$part = 'summaries'">
      <xsl:for-each select="tokenize($page-files) ! doc($tei-dir || .)/tei:TEI">
        <xsl:variable name="summary" select="ed:summary(.)"/>
        <xsl:result-document href="summaries/{$summary/@file}" method="xml" indent="no">
          <xsl:sequence select="$summary"/>
        </xsl:result-document>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="$part = ('all', 'site')">
      <xsl:call-template name="site-pages"/>
    </xsl:if>
    <xsl:if test="$part = ('site', 'site-index')">
      <xsl:call-template name="site-index"/>
    </xsl:if>
    <xsl:if test="$part = 'all'">
      <xsl:for-each select="$letters">
        <xsl:call-template name="letter-page"/>
      </xsl:for-each>
      <xsl:for-each select="$essays">
        <xsl:call-template name="essay-page"/>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="$part = 'pages'">
      <xsl:for-each select="tokenize($page-files) ! doc($tei-dir || .)/tei:TEI">
        <xsl:choose>
          <xsl:when test="tei:text/tei:front/tei:docTitle"><xsl:call-template name="essay-page"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="letter-page"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template name="letter-page">
    <xsl:variable name="neighbours" as="element(ed:letter)*" select="ed:neighbours(string(@xml:id))"/>
    <xsl:result-document href="letters/{@xml:id}.html">
      <xsl:call-template name="letter">
        <xsl:with-param name="previous" select="$neighbours[@rel = 'prev']"/>
        <xsl:with-param name="next" select="$neighbours[@rel = 'next']"/>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>

  <xsl:template name="essay-page">
    <xsl:result-document href="essays/{@xml:id}.html">
      <xsl:call-template name="essay"/>
    </xsl:result-document>
  </xsl:template>

  <!-- The letters before and after a letter in the order of the correspondence, as much as
       its page shows of them (id and title): for the pages part from the site index, so a
       page reads no other letter's file and finds its place by key, not by a scan. -->
  <xsl:function name="ed:neighbours" as="element(ed:letter)*">
    <xsl:param name="id" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$site">
        <xsl:variable name="here" select="key('site-letter', $id, $site)[1]"/>
        <xsl:for-each select="$here/preceding-sibling::ed:letter[1]">
          <ed:letter rel="prev" id="{@id}" title="{key('site-letter', string(@id), $site)[1]/@title}"/>
        </xsl:for-each>
        <xsl:for-each select="$here/following-sibling::ed:letter[1]">
          <ed:letter rel="next" id="{@id}" title="{key('site-letter', string(@id), $site)[1]/@title}"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="position" select="index-of($letter-order, $id)[1]"/>
        <xsl:for-each select="$letter-order[$position - 1] ! $letter-by-id(.)">
          <ed:letter rel="prev" id="{@xml:id}" title="{ed:title(.)}"/>
        </xsl:for-each>
        <xsl:for-each select="$letter-order[$position + 1] ! $letter-by-id(.)">
          <ed:letter rel="next" id="{@xml:id}" title="{ed:title(.)}"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:key name="site-letter" match="ed:letter" use="@id"/>

  <xsl:variable name="letter-by-id" as="map(xs:string, element(tei:TEI))"
                select="map:merge($letters ! map {string(@xml:id): .}, map {'duplicates': 'use-first'})"/>

  <!-- What the pages of the documents need to know of the whole site. -->
  <xsl:template name="site-index">
    <xsl:result-document href="site-index.xml" method="xml" indent="yes">
      <ed:site>
        <xsl:for-each select="$summaries">
          <ed:letter id="{@id}" file="{@file}" title="{@title}"/>
        </xsl:for-each>
        <xsl:for-each select="$essays">
          <ed:essay id="{@xml:id}" file="{replace(base-uri(.), '^.*/([^/]+/[^/]+)$', '$1')}"/>
        </xsl:for-each>
        <xsl:for-each select="map:keys($used)">
          <xsl:sort select="."/>
          <ed:used key="{.}"/>
        </xsl:for-each>
      </ed:site>
    </xsl:result-document>
  </xsl:template>

  <xsl:template name="site-pages">
    <xsl:call-template name="index-page"/>
    <xsl:call-template name="timeline-page"/>
    <xsl:call-template name="search-page"/>

    <xsl:for-each select="map:keys($registers)">
      <xsl:variable name="register" select="$tei-dir || 'registers/' || . || '.xml'"/>
      <xsl:if test="doc-available($register)">
        <xsl:result-document href="{.}.html">
          <xsl:call-template name="register">
            <xsl:with-param name="entries" select="doc($register)//(tei:person | tei:place | tei:org)[ed:is-used(.)]"/>
            <xsl:with-param name="title" select="$registers(current())"/>
          </xsl:call-template>
        </xsl:result-document>
      </xsl:if>
    </xsl:for-each>
    <xsl:if test="doc-available($tei-dir || 'registers/bibliography.xml')">
      <xsl:result-document href="bibliography.html">
        <xsl:call-template name="bibliography">
          <xsl:with-param name="register" select="doc($tei-dir || 'registers/bibliography.xml')"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:if>

    <xsl:for-each select="'about', 'principles', 'sources'">
      <xsl:variable name="div" select="$edition/tei:text/tei:body/tei:div[@type = current()]"/>
      <xsl:result-document href="{.}.html">
        <xsl:call-template name="about-page">
          <xsl:with-param name="div" select="$div"/>
          <xsl:with-param name="kind" select="."/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== index: the letters, with filters ===== -->

  <xsl:template name="index-page">
    <xsl:result-document href="index.html">
      <xsl:call-template name="page">
        <xsl:with-param name="title" select="$site-title"/>
        <xsl:with-param name="root" select="''"/>
        <xsl:with-param name="current" select="'index'"/>
        <xsl:with-param name="content">
          <h1><xsl:value-of select="$site-title"/></h1>
          <p class="subtitle"><xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'sub']"/></p>
          <xsl:apply-templates select="$edition/tei:text/tei:body/tei:div[@type = 'about']/tei:p[1]" mode="text">
            <xsl:with-param name="root" select="''" tunnel="yes"/>
          </xsl:apply-templates>
          <p><a href="about.html">More about the edition</a> · <a href="timeline.html">The correspondence as a timeline</a> · <a href="search.html">Search the edition</a></p>
          <xsl:if test="$essays">
            <h2>Introduction</h2>
            <ul class="essays">
              <xsl:for-each select="$essays">
                <li><a href="essays/{@xml:id}.html"><xsl:value-of select="ed:title(.)"/></a>
                  <xsl:text>, by </xsl:text><xsl:value-of select="string-join(.//tei:titleStmt/tei:author ! normalize-space(.), ', ')"/></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <h2 id="letters">The letters</h2>
          <xsl:call-template name="filters"/>
          <p class="count" id="count" aria-live="polite">
            <xsl:value-of select="count($summaries)"/> documents
          </p>
          <table class="letters" id="letter-list">
            <caption class="visually-hidden">The documents of the edition in the order of the correspondence</caption>
            <thead><tr><th scope="col">No.</th><th scope="col">Date</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Type</th></tr></thead>
            <tbody>
              <xsl:copy-of select="$summaries ! h:tr" copy-namespaces="no"/>
            </tbody>
          </table>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>

  <!-- A letter's row in the list of letters (part of its summary). -->
  <xsl:template name="index-row">
    <xsl:variable name="desc" select="ed:main-desc(.)"/>
    <xsl:variable name="date" select="ed:letter-date(.)"/>
    <tr data-year="{substring($date, 1, 4)}" data-type="{ed:doctype(.)/@xml:id}"
        data-people="{string-join(distinct-values(ed:correspondents(.) ! ed:entry-key(.)), ' ')}"
        data-date="{ed:sort-date(.)}">
      <td class="n"><xsl:value-of select="tei:teiHeader//tei:biblScope[@unit = 'letter'][1]"/></td>
      <td class="date">
        <a href="letters/{@xml:id}.html">
          <time datetime="{$date}"><xsl:value-of select="ed:date-label(ed:letter-date-element(.))"/></time>
        </a>
        <xsl:if test="not($desc/tei:correspAction[@type = 'sent']/tei:date) and $desc/tei:correspAction[@type = 'received']/tei:date"> (received)</xsl:if>
        <xsl:if test="not(ed:letter-date-element(.)/(@when | @from))">
          <xsl:for-each select="(.//tei:floatingText ! ed:nested-desc(.)/tei:correspAction[@type = 'sent']/tei:date[@when])[1]">
            <span class="carried"> (carries a message of <xsl:value-of select="ed:date(@when)"/>)</span>
          </xsl:for-each>
        </xsl:if>
      </td>
      <xsl:for-each select="'sent', 'received'">
        <xsl:variable name="action" select="$desc/tei:correspAction[@type = current()][1]"/>
        <td title="{ed:people($action)}" data-label="{if (. = 'sent') then 'From' else 'To'}"><xsl:value-of select="ed:people($action, true())"/></td>
      </xsl:for-each>
      <td class="type"><xsl:value-of select="ed:doctype-label(.)"/></td>
    </tr>
  </xsl:template>

  <!-- The filter form: shown only when the page's script runs (it does the filtering). -->
  <xsl:template name="filters">
    <form class="filters" id="filters" hidden="hidden" aria-label="Filter and sort the letters">
      <div>
        <label for="f-person">Correspondent</label>
        <select id="f-person" name="person">
          <option value="">all</option>
          <xsl:for-each-group select="$summaries ! ed:c" group-by="string(@key)">
            <xsl:sort select="lower-case(@short)"/>
            <option value="{current-grouping-key()}">
              <xsl:value-of select="@display"/> (<xsl:value-of select="count(current-group()/..)"/>)</option>
          </xsl:for-each-group>
        </select>
      </div>
      <div>
        <label for="f-year">Year</label>
        <select id="f-year" name="year">
          <option value="">all</option>
          <xsl:for-each-group select="$summaries" group-by="(substring(@date, 1, 4)[.], 'undated')[1]">
            <xsl:sort select="current-grouping-key()"/>
            <option value="{if (current-grouping-key() = 'undated') then '-' else current-grouping-key()}"><xsl:value-of select="current-grouping-key()"/> (<xsl:value-of select="count(current-group())"/>)</option>
          </xsl:for-each-group>
        </select>
      </div>
      <div>
        <label for="f-type">Type</label>
        <select id="f-type" name="type">
          <option value="">all</option>
          <xsl:for-each select="$doctypes">
            <xsl:variable name="id" select="@xml:id"/>
            <xsl:variable name="n" select="count($summaries[@doctype = $id])"/>
            <xsl:if test="$n">
              <option value="{$id}"><xsl:value-of select="ed:category-label(.)"/> (<xsl:value-of select="$n"/>)</option>
            </xsl:if>
          </xsl:for-each>
        </select>
      </div>
      <div>
        <label for="f-sort">Order</label>
        <select id="f-sort" name="sort">
          <option value="asc">oldest first</option>
          <option value="desc">newest first</option>
        </select>
      </div>
    </form>
  </xsl:template>

  <!-- ===== timeline ===== -->

  <xsl:template name="timeline-page">
    <xsl:variable name="dated" select="$summaries[matches(@date, '^\d{4}-\d{2}')]"/>
    <xsl:variable name="months" select="distinct-values($dated ! substring(@date, 1, 7))"/>
    <xsl:variable name="first" select="min($months ! xs:integer(substring(., 1, 4)))"/>
    <xsl:variable name="last" select="max($months ! xs:integer(substring(., 1, 4)))"/>
    <!-- the dated letters by year and by month, each in the order of the correspondence -->
    <xsl:variable name="in-period" as="map(xs:string, element(ed:summary)*)">
      <xsl:map>
        <xsl:for-each-group select="$dated" group-by="substring(@date, 1, 4), substring(@date, 1, 7)">
          <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <xsl:result-document href="timeline.html">
      <xsl:call-template name="page">
        <xsl:with-param name="title" select="'Timeline — ' || $site-title"/>
        <xsl:with-param name="root" select="''"/>
        <xsl:with-param name="current" select="'timeline'"/>
        <xsl:with-param name="content">
          <h1>Timeline of the correspondence</h1>
          <p>Every document of the edition by the month it was sent (or received, where the sending date is not known). Months without a document are marked as gaps.</p>
          <xsl:for-each select="$first to $last">
            <xsl:variable name="year" select="string(.)"/>
            <section class="year" aria-labelledby="y{$year}">
              <h2 id="y{$year}"><xsl:value-of select="$year"/>
                <span class="year-count"> — <xsl:value-of select="ed:plural(count($in-period($year)), 'document')"/></span></h2>
              <ol class="months">
                <xsl:for-each select="1 to 12">
                  <xsl:variable name="month" select="$year || '-' || format-number(., '00')"/>
                  <xsl:variable name="in" select="$in-period($month)"/>
                  <li class="{if ($in) then 'month' else 'month gap'}">
                    <span class="month-name"><xsl:value-of select="format-date(xs:date($month || '-01'), '[MNn]')"/></span>
                    <xsl:choose>
                      <xsl:when test="$in">
                        <ul>
                          <xsl:for-each select="$in">
                            <li><a href="letters/{@id}.html"><xsl:value-of select="@title"/></a></li>
                          </xsl:for-each>
                        </ul>
                      </xsl:when>
                      <xsl:otherwise><span class="gap-text">no document</span></xsl:otherwise>
                    </xsl:choose>
                  </li>
                </xsl:for-each>
              </ol>
            </section>
          </xsl:for-each>
          <xsl:variable name="undated" select="$summaries except $dated"/>
          <xsl:if test="$undated">
            <section class="year" aria-labelledby="undated">
              <h2 id="undated">Without a date</h2>
              <ul>
                <xsl:for-each select="$undated">
                  <li><a href="letters/{@id}.html"><xsl:value-of select="@title"/></a></li>
                </xsl:for-each>
              </ul>
            </section>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>

  <!-- ===== search ===== -->

  <xsl:template name="search-page">
    <xsl:result-document href="search.html">
      <xsl:call-template name="page">
        <xsl:with-param name="title" select="'Search — ' || $site-title"/>
        <xsl:with-param name="root" select="''"/>
        <xsl:with-param name="current" select="'search'"/>
        <xsl:with-param name="content">
          <h1>Search the edition</h1>
          <form class="search" id="search" role="search" action="search.html">
            <label for="q">Words to find in the letters, notes, introduction and registers</label>
            <div class="search-row">
              <input type="search" id="q" name="q" autocomplete="off"/>
              <button type="submit">Search</button>
            </div>
          </form>
          <p id="search-status" class="count" aria-live="polite">
            <noscript>Search needs JavaScript. The <a href="index.html">list of letters</a> and the <a href="persons.html">registers</a> lead to every document.</noscript>
          </p>
          <ol id="search-results" class="search-results"></ol>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>

  <!-- ===== letter ===== -->

  <!-- The correspDesc of the document itself (not that of a message it carries). -->
  <xsl:function name="ed:main-desc" as="element(tei:correspDesc)?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[not(@xml:id = ed:nested-desc-ids($tei))][not(@corresp)][1]"/>
  </xsl:function>

  <xsl:function name="ed:nested-desc-ids" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei//tei:floatingText/@decls ! tokenize(.) ! substring-after(., '#')"/>
  </xsl:function>

  <!-- The correspDesc of a message carried inside the document: pointed at by @decls. -->
  <xsl:function name="ed:nested-desc" as="element(tei:correspDesc)?">
    <xsl:param name="message" as="element(tei:floatingText)"/>
    <xsl:variable name="descs" select="root($message)//tei:profileDesc/tei:correspDesc"/>
    <xsl:sequence select="($descs[@xml:id = tokenize($message/@decls) ! substring-after(., '#')],
                           $descs[$message/@xml:id and @corresp = '#' || $message/@xml:id])[1]"/>
  </xsl:function>

  <!-- The register entries of a document's senders and addressees. -->
  <xsl:function name="ed:correspondents" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="ed:main-desc($tei)/tei:correspAction[@type = ('sent', 'received')]/(tei:persName | tei:orgName)[@ref] ! ed:resolve(@ref, .)"/>
  </xsl:function>

  <xsl:function name="ed:doctype" as="element(tei:category)?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="target" select="$tei/tei:teiHeader/tei:profileDesc/tei:textClass/tei:catRef[contains(@scheme, 'doctypes')][1]/@target"/>
    <xsl:sequence select="$doctypes[@xml:id = replace(string($target), '^.*[:#]', '')]"/>
  </xsl:function>

  <xsl:function name="ed:category-label" as="xs:string">
    <xsl:param name="category" as="element(tei:category)?"/>
    <xsl:sequence select="normalize-space(replace(string($category/tei:catDesc), '\s*\(.*\)\s*$', ''))"/>
  </xsl:function>

  <xsl:function name="ed:doctype-label" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="(ed:category-label(ed:doctype($tei))[.], 'not classified')[1]"/>
  </xsl:function>

  <xsl:function name="ed:plural" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="word" as="xs:string"/>
    <xsl:sequence select="$n || ' ' || (if ($n = 1) then $word else if (ends-with($word, 'y')) then replace($word, 'y$', 'ies') else $word || 's')"/>
  </xsl:function>

  <!-- A date element as a reader says it: '4 August 1941', 'between … and …', with certainty. -->
  <xsl:function name="ed:date-phrase" as="xs:string?">
    <xsl:param name="date" as="element(tei:date)?"/>
    <xsl:variable name="phrase" select="(ed:date-label($date), normalize-space($date)[.])[1]"/>
    <xsl:sequence select="$phrase ! (. || ($date/@cert ! (' (certainty: ' || . || ')')) || ($date/@evidence ! (', ' || . || ' evidence')))"/>
  </xsl:function>

  <xsl:template name="letter">
    <xsl:param name="previous" as="element(ed:letter)?"/>
    <xsl:param name="next" as="element(ed:letter)?"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="root" select="'../'"/>
      <xsl:with-param name="content">
        <nav class="sequence" aria-label="Previous and next document">
          <xsl:if test="$previous"><a rel="prev" href="{$previous/@id}.html"><span aria-hidden="true">← </span><span class="visually-hidden">Previous: </span><xsl:value-of select="$previous/@title"/></a></xsl:if>
          <xsl:if test="$next"><a rel="next" href="{$next/@id}.html"><span class="visually-hidden">Next: </span><xsl:value-of select="$next/@title"/><span aria-hidden="true"> →</span></a></xsl:if>
        </nav>
        <article class="letter" data-pagefind-body="">
          <h1><xsl:value-of select="ed:title(.)"/></h1>
          <section class="metadata" aria-labelledby="about-doc" data-pagefind-ignore="">
            <h2 id="about-doc" class="visually-hidden">About this document</h2>
            <xsl:call-template name="metadata">
              <xsl:with-param name="desc" select="ed:main-desc(.)"/>
              <xsl:with-param name="tei" select="."/>
            </xsl:call-template>
            <xsl:for-each select=".//tei:floatingText[ed:nested-desc(.)]">
              <h3>The message it carries</h3>
              <xsl:call-template name="metadata">
                <xsl:with-param name="desc" select="ed:nested-desc(.)"/>
                <xsl:with-param name="message" select="."/>
              </xsl:call-template>
            </xsl:for-each>
            <ul class="tools">
              <li><a href="#cite">Cite this document</a></li>
              <li><a href="../tei/letters/{@xml:id}.xml" type="application/tei+xml">TEI (XML) of this document</a></li>
              <li><a href="../edition.pdf" type="application/pdf">The print edition (PDF)</a></li>
            </ul>
          </section>
          <div class="text">
            <xsl:apply-templates select="tei:text/tei:body/node()" mode="text">
              <xsl:with-param name="root" select="'../'" tunnel="yes"/>
            </xsl:apply-templates>
          </div>
          <xsl:call-template name="note-list">
            <xsl:with-param name="text" select="tei:text"/>
          </xsl:call-template>
          <xsl:call-template name="cite"/>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The metadata of one correspondence (the document's, or a carried message's). -->
  <xsl:template name="metadata">
    <xsl:param name="desc" as="element(tei:correspDesc)?"/>
    <xsl:param name="tei" as="element(tei:TEI)?"/>
    <xsl:param name="message" as="element(tei:floatingText)?"/>
    <xsl:variable name="creation" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation"/>
    <dl class="metadata">
      <xsl:if test="$tei">
        <dt>Document type</dt>
        <dd><xsl:value-of select="ed:doctype-label($tei)"/></dd>
      </xsl:if>
      <xsl:if test="$message">
        <dt>Text</dt>
        <dd><a href="#{$message/@xml:id}">in the document below</a></dd>
      </xsl:if>
      <xsl:for-each select="$desc/tei:correspAction">
        <xsl:variable name="label" select="map {'sent': 'Sent', 'received': 'Received', 'transmitted': 'Transmitted', 'delivered': 'Handed over', 'forwarded': 'Forwarded'}(@type)"/>
        <dt><xsl:value-of select="($label, upper-case(substring(@type, 1, 1)) || substring(@type, 2))[1]"/></dt>
        <dd>
          <xsl:variable name="parts" as="item()*">
            <xsl:if test="tei:persName | tei:orgName | tei:name">
              <span class="who"><xsl:value-of select="if (@type = 'sent') then 'by ' else if (@type = 'received') then 'by ' else ''"/>
                <xsl:for-each select="tei:persName | tei:orgName | tei:name">
                  <xsl:if test="position() gt 1"> and </xsl:if>
                  <xsl:call-template name="entry-link">
                    <xsl:with-param name="name" select="."/>
                  </xsl:call-template>
                </xsl:for-each>
              </span>
            </xsl:if>
            <xsl:for-each select="tei:placeName">
              <span class="where">in <xsl:call-template name="entry-link"><xsl:with-param name="name" select="."/></xsl:call-template></span>
            </xsl:for-each>
            <xsl:for-each select="tei:date">
              <span class="when">
                <xsl:if test="@when"><xsl:attribute name="data-when" select="@when"/></xsl:if>
                <xsl:value-of select="(ed:date-phrase(.), 'date not known')[1]"/></span>
            </xsl:for-each>
            <xsl:if test="not(tei:date)"><span class="when">date not known</span></xsl:if>
          </xsl:variable>
          <xsl:for-each select="$parts">
            <xsl:if test="position() gt 1">, </xsl:if>
            <xsl:sequence select="."/>
          </xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:if test="$creation">
        <xsl:for-each select="$creation/tei:date">
          <dt>Date</dt><dd><xsl:value-of select="ed:date-phrase(.)"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$creation/tei:placeName">
          <dt>Place</dt><dd><xsl:call-template name="entry-link"><xsl:with-param name="name" select="."/></xsl:call-template></dd>
        </xsl:for-each>
        <xsl:if test="$creation/tei:persName">
          <dt>Participants</dt>
          <dd>
            <xsl:for-each select="$creation/tei:persName">
              <xsl:if test="position() gt 1">, </xsl:if>
              <xsl:call-template name="entry-link"><xsl:with-param name="name" select="."/></xsl:call-template>
            </xsl:for-each>
          </dd>
        </xsl:if>
      </xsl:if>
      <xsl:if test="$tei">
        <xsl:for-each select="$tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1]">
          <dt>Source</dt>
          <dd class="citation"><xsl:value-of select="ed:citation(.)"/>
            <xsl:for-each select="tei:idno[@type = 'file']">. File: <xsl:value-of select="."/></xsl:for-each>
          </dd>
        </xsl:for-each>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- A name with a link to its register entry when the site lists it. -->
  <xsl:template name="entry-link">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="entry" select="if ($name/@ref) then ed:resolve($name/@ref, $name) else ()"/>
    <xsl:variable name="page" select="ed:entry-page($entry)"/>
    <xsl:choose>
      <xsl:when test="$page"><a href="../{$page}"><xsl:value-of select="ed:display-name($entry, $name)"/></a></xsl:when>
      <xsl:otherwise><xsl:value-of select="ed:display-name($entry, $name)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Cite this document": the citation with its permanent address and the day it was read. -->
  <xsl:template name="cite">
    <xsl:variable name="path" select="'letters/' || @xml:id || '.html'"/>
    <xsl:variable name="url" select="if ($base-url) then $base-url || $path else ''"/>
    <section class="cite" id="cite" aria-labelledby="cite-head" data-pagefind-ignore="">
      <h2 id="cite-head">Cite this document</h2>
      <p class="citation" id="citation-text">
        <xsl:value-of select="ed:title(.)"/>
        <xsl:text>. In: </xsl:text><cite><xsl:value-of select="$site-title"/></cite>
        <xsl:text>, ed. by </xsl:text><xsl:value-of select="normalize-space(($edition//tei:titleStmt/tei:respStmt[@xml:id = 'ed']/(tei:orgName | tei:persName | tei:name))[1])"/>
        <xsl:text>. </xsl:text>
        <a class="permalink" href="{if ($url) then $url else @xml:id || '.html'}" data-path="{$path}"><xsl:value-of select="if ($url) then $url else $path"/></a>
        <xsl:text> (accessed </xsl:text><span class="accessed">[date of access]</span><xsl:text>).</xsl:text>
      </p>
      <button type="button" class="copy" data-copy="citation-text" hidden="hidden">Copy the citation</button>
      <span class="copy-status" role="status"></span>
    </section>
  </xsl:template>

  <!-- ===== registers ===== -->

  <xsl:template name="register">
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$title || ' — ' || $site-title"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="replace(tokenize(base-uri($entries[1]), '/')[last()], '\.xml$', '')"/>
      <xsl:with-param name="content">
        <div data-pagefind-body="">
          <h1><xsl:value-of select="$title"/></h1>
          <p class="count"><xsl:value-of select="ed:plural(count($entries), 'entry')"/> named in the letters or the introduction.
            Each lists the documents that were sent or received by it or mention it.</p>
          <xsl:for-each select="$entries">
            <xsl:sort select="lower-case(normalize-space(*[@type = 'reg'][1]))"/>
            <xsl:call-template name="register-entry"/>
          </xsl:for-each>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="register-entry">
    <xsl:variable name="records" select="key('mentions', ed:entry-key(.), $mentions)"/>
    <section class="entry" id="{@xml:id}" aria-labelledby="h-{@xml:id}">
      <h2 id="h-{@xml:id}"><xsl:value-of select="normalize-space(*[@type = 'reg'][1])"/>
        <xsl:if test="tei:birth/@when or tei:death/@when">
          <span class="life"> (<xsl:value-of select="substring(tei:birth/@when, 1, 4)"/>–<xsl:value-of select="substring(tei:death/@when, 1, 4)"/>)</span>
        </xsl:if>
      </h2>
      <xsl:for-each select="tei:note[not(@type)]">
        <p class="description"><xsl:apply-templates mode="text"><xsl:with-param name="root" select="''" tunnel="yes"/></xsl:apply-templates></p>
      </xsl:for-each>
      <xsl:if test="*[@type = 'role'][@from or @to]">
        <p class="roles">Named by office as
          <xsl:for-each select="*[@type = 'role']">
            <xsl:if test="position() gt 1">; </xsl:if>
            <q><xsl:value-of select="normalize-space(.)"/></q>
            <xsl:if test="@from or @to"> (<xsl:value-of select="ed:date(@from)"/>–<xsl:value-of select="ed:date(@to)"/>)</xsl:if>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="tei:idno or tei:location/tei:geo">
        <p class="authority">
          <xsl:for-each select="tei:idno">
            <xsl:variable name="href" select="ed:safe-href(ed:authority-url(.))"/>
            <xsl:if test="position() gt 1"> · </xsl:if>
            <xsl:choose>
              <xsl:when test="$href"><a href="{$href}"><xsl:value-of select="ed:authority-name(@type)"/>&#160;<xsl:value-of select="."/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="ed:authority-name(@type)"/>&#160;<xsl:value-of select="."/></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
          <xsl:for-each select="tei:location/tei:geo">
            <xsl:if test="../../tei:idno"> · </xsl:if>
            <span class="geo">coordinates <xsl:value-of select="."/></span>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:variable name="in-letters" select="$records[@kind = 'letter']"/>
      <xsl:variable name="roles" select="'sent', 'received', 'took-part'"/>
      <!-- The lists of documents are links, not content: the search finds an entry by its own
           words and a document on its own page (data-pagefind-ignore), so a document retitled
           or redated leaves the search index of the shared pages as it was. -->
      <!-- sets: an entry like Stalin is named in most letters -->
      <xsl:variable name="in-a-role" select="map:merge($in-letters[@role = $roles]/@doc ! map {string(.): true()})"/>
      <xsl:for-each select="$roles, ''">
        <xsl:variable name="role" select="."/>
        <xsl:variable name="ids" as="map(xs:string, xs:boolean)" select="map:merge((
          if ($role) then $in-letters[@role = $role]/@doc
          else $in-letters[not(@role = $roles)]/@doc[not(map:contains($in-a-role, string(.)))]) ! map {string(.): true()})"/>
        <xsl:if test="map:size($ids) gt 0">
          <p class="uses" data-pagefind-ignore=""><span class="uses-label"><xsl:value-of select="map {'sent': 'Sent', 'received': 'Received', 'took-part': 'Took part in', '': 'Mentioned in'}($role)"/>: </span>
            <!-- in the order of the correspondence, found by position (no scan of every letter) -->
            <xsl:for-each select="sort(map:keys($ids), (), $summary-position) ! $summary-by-id(.)">
              <xsl:if test="position() gt 1">; </xsl:if>
              <a href="letters/{@id}.html"><xsl:value-of select="@title"/></a>
            </xsl:for-each>
          </p>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="$essays[@xml:id = $records[@kind = 'essay']/@doc]">
        <p class="uses" data-pagefind-ignore=""><span class="uses-label">Introduction: </span>
          <a href="essays/{@xml:id}.html"><xsl:value-of select="ed:title(.)"/></a>
          (<xsl:value-of select="ed:plural(count($records[@kind = 'essay'][@doc = current()/@xml:id]), 'mention')"/>)</p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:function name="ed:authority-url" as="xs:string">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:variable name="id" select="encode-for-uri(normalize-space($idno))"/>
    <xsl:variable name="prefixes" select="map {
      'wikidata': 'https://www.wikidata.org/wiki/', 'geonames': 'https://www.geonames.org/',
      'viaf': 'https://viaf.org/viaf/', 'gnd': 'https://d-nb.info/gnd/',
      'lccn': 'https://lccn.loc.gov/', 'lc': 'https://lccn.loc.gov/',
      'bnf': 'https://catalogue.bnf.fr/ark:/12148/', 'ndl': 'https://id.ndl.go.jp/auth/ndlna/'}"/>
    <xsl:sequence select="($prefixes(lower-case($idno/@type)) ! (. || $id),
      if (matches($idno, '^https?://')) then string($idno) else '')[1]"/>
  </xsl:function>

  <xsl:function name="ed:authority-name" as="xs:string">
    <xsl:param name="type" as="xs:string?"/>
    <xsl:sequence select="(map {'wikidata': 'Wikidata', 'geonames': 'GeoNames', 'viaf': 'VIAF',
      'gnd': 'GND', 'lccn': 'Library of Congress', 'lc': 'Library of Congress', 'bnf': 'BnF',
      'ndl': 'NDL'}(lower-case($type)), string($type))[1]"/>
  </xsl:function>

  <xsl:template name="bibliography">
    <xsl:param name="register" as="document-node()"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Bibliography — ' || $site-title"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'bibliography'"/>
      <xsl:with-param name="content">
        <div data-pagefind-body="">
          <h1>Bibliography</h1>
          <p>The works cited in the introduction and the printed sources of the edition.</p>
          <xsl:for-each select="$register/tei:TEI/tei:text/tei:body/tei:listBibl">
            <section class="bibliography" aria-labelledby="bib-{position()}">
              <h2 id="bib-{position()}"><xsl:value-of select="(tei:head, if (@type = 'essay') then 'Works cited in the introduction' else if (@type) then 'Sources of the edition' else 'Works')[1]"/></h2>
              <ul>
                <xsl:for-each select=".//tei:bibl[@xml:id]">
                  <li id="{@xml:id}"><xsl:apply-templates select="." mode="bibl-entry"/></li>
                </xsl:for-each>
              </ul>
            </section>
          </xsl:for-each>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- One entry of the bibliography: authors, title, imprint, pages, address. -->
  <xsl:template match="tei:bibl" mode="bibl-entry">
    <xsl:variable name="authors" select="(tei:author, tei:editor)[1]/../(if (tei:author) then tei:author else tei:editor)"/>
    <xsl:if test="$authors">
      <xsl:value-of select="string-join($authors ! normalize-space(.), ', ')"/>
      <xsl:if test="not(tei:author)"> (ed.)</xsl:if>
      <xsl:text>: </xsl:text>
    </xsl:if>
    <xsl:for-each select="tei:title">
      <xsl:if test="position() gt 1">. </xsl:if>
      <xsl:choose>
        <xsl:when test="@level = 'a'"><q><xsl:value-of select="normalize-space(.)"/></q></xsl:when>
        <xsl:otherwise><cite><xsl:value-of select="normalize-space(.)"/></cite></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:variable name="imprint" select="string-join((string-join((tei:pubPlace, tei:publisher) ! normalize-space(.), ': '), tei:date ! normalize-space(.),
      tei:biblScope ! ((if (@unit = 'page') then 'pp. ' else if (@unit = 'volume') then 'vol. ' else if (@unit = 'issue') then 'no. ' else '') || normalize-space(.)))[.], ', ')"/>
    <xsl:if test="$imprint">. <xsl:value-of select="$imprint"/></xsl:if>
    <xsl:text>.</xsl:text>
    <xsl:for-each select="(tei:ref/@target, tei:ptr/@target, tei:idno[@type = ('URL', 'url', 'DOI', 'doi')])">
      <xsl:variable name="href" select="ed:safe-href(if (../@type = ('DOI', 'doi') and not(starts-with(., 'http'))) then 'https://doi.org/' || . else string(.))"/>
      <xsl:if test="$href"><xsl:text> </xsl:text><a href="{$href}" class="url"><xsl:value-of select="$href"/></a></xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== essay ===== -->

  <xsl:template name="essay">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="root" select="'../'"/>
      <xsl:with-param name="content">
        <article class="essay" data-pagefind-body="">
          <h1><xsl:apply-templates select="tei:text/tei:front/tei:docTitle/tei:titlePart[1]/node()" mode="text">
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
          </xsl:apply-templates></h1>
          <p class="byline">
            <xsl:value-of select="normalize-space(tei:text/tei:front/tei:docAuthor)"/>
            <xsl:for-each select="tei:text/tei:front/tei:docDate/@when">, <time datetime="{.}"><xsl:value-of select="ed:date(.)"/></time></xsl:for-each>
          </p>
          <xsl:apply-templates select="tei:text/tei:front/tei:figure" mode="text"/>
          <div class="text">
            <xsl:apply-templates select="tei:text/tei:body/node(), tei:text/tei:back/node()" mode="text">
              <xsl:with-param name="root" select="'../'" tunnel="yes"/>
            </xsl:apply-templates>
          </div>
          <xsl:call-template name="note-list">
            <xsl:with-param name="text" select="tei:text"/>
          </xsl:call-template>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== about the edition ===== -->

  <xsl:template name="about-page">
    <xsl:param name="div" as="element(tei:div)?"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="title" select="(normalize-space($div/tei:head[1])[.], map {'about': 'About the edition', 'principles': 'Editorial principles', 'sources': 'Sources'}($kind))[1]"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$title || ' — ' || $site-title"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'about'"/>
      <xsl:with-param name="content">
        <article class="about" data-pagefind-body="">
          <nav class="about-pages" aria-label="About the edition">
            <ul>
              <li><a href="about.html">The edition</a></li>
              <li><a href="principles.html">Editorial principles</a></li>
              <li><a href="sources.html">Sources</a></li>
            </ul>
          </nav>
          <h1><xsl:value-of select="$title"/></h1>
          <div class="text">
            <xsl:apply-templates select="$div/node() except $div/tei:head[1]" mode="text">
              <xsl:with-param name="root" select="''" tunnel="yes"/>
              <xsl:with-param name="heading-offset" select="0" tunnel="yes"/>
            </xsl:apply-templates>
          </div>
          <xsl:if test="$kind = 'sources'">
            <xsl:call-template name="source-list"/>
          </xsl:if>
          <xsl:if test="$kind = 'about'">
            <h2>Licence</h2>
            <p><xsl:value-of select="$licence"/></p>
            <h2>Downloads</h2>
            <ul>
              <li><a href="tei/edition-tei.zip">The whole edition in TEI (zip)</a></li>
              <li><a href="edition.pdf">The print edition (PDF)</a></li>
            </ul>
          </xsl:if>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The printed volumes the documents come from, each with its documents. -->
  <xsl:template name="source-list">
    <h2>The volumes the documents come from</h2>
    <xsl:for-each-group select="$summaries" group-by="string(@source)">
      <section class="source">
        <h3><xsl:value-of select="current-grouping-key()"/></h3>
        <p data-pagefind-ignore=""><xsl:value-of select="ed:plural(count(current-group()), 'document')"/>:
          <xsl:for-each select="current-group()">
            <xsl:if test="position() gt 1">; </xsl:if>
            <a href="letters/{@id}.html"><xsl:value-of select="@title"/></a>
          </xsl:for-each>
        </p>
      </section>
    </xsl:for-each-group>
  </xsl:template>

  <!-- ===== the frame of every page ===== -->

  <xsl:template name="page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="content"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="icon" href="{$root}favicon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href="{$root}edition.css"/>
        <script src="{$root}site.js" defer="defer"></script>
      </head>
      <body data-root="{$root}">
        <a class="skip" href="#main">Skip to the content</a>
        <header class="site">
          <a class="home" href="{$root}index.html"><xsl:value-of select="$site-title"/></a>
          <nav aria-label="The edition">
            <ul>
              <xsl:for-each select="'index', 'timeline', 'search', 'persons', 'places', 'orgs', 'bibliography', 'about'">
                <li><a href="{$root}{.}.html">
                  <xsl:if test=". = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                  <xsl:value-of select="map {'index': 'Letters', 'timeline': 'Timeline', 'search': 'Search',
                    'persons': 'People', 'places': 'Places', 'orgs': 'Organisations',
                    'bibliography': 'Bibliography', 'about': 'About'}(.)"/></a></li>
              </xsl:for-each>
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site">
          <p><xsl:value-of select="$licence"/></p>
          <p><a href="{$root}about.html">About the edition</a> · <a href="{$root}tei/edition-tei.zip">The edition in TEI (zip)</a> · <a href="{$root}edition.pdf">Print edition (PDF)</a></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ===== text: what the web renders differently from print ===== -->

  <xsl:template match="tei:div" mode="text">
    <section class="{(@type, 'div')[1]}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </section>
  </xsl:template>

  <!-- Headings one level below their section, so no page skips a level. -->
  <xsl:template match="tei:head" mode="text">
    <xsl:param name="heading-offset" as="xs:integer" tunnel="yes" select="1"/>
    <xsl:variable name="depth" select="min((count(ancestor::tei:div | ancestor::tei:listBibl | ancestor::tei:floatingText) + $heading-offset, 6))"/>
    <xsl:element name="h{$depth}">
      <xsl:attribute name="class" select="'head', @type" separator=" "/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:floatingText" mode="text">
    <blockquote class="floatingText">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </blockquote>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName" mode="text">
    <xsl:param name="root" as="xs:string" tunnel="yes" select="'../'"/>
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="entry" select="if (@ref) then ed:resolve(@ref, .) else ()"/>
    <xsl:variable name="page" select="ed:entry-page($entry)"/>
    <xsl:variable name="kind" select="map {'persName': 'person', 'placeName': 'place', 'orgName': 'org'}(local-name())"/>
    <xsl:choose>
      <xsl:when test="$page and not($in-link)">
        <a class="name {$kind}" href="{$root}{$page}"><xsl:apply-templates mode="text"/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="name {$kind}"><xsl:apply-templates mode="text"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ref[@target]" mode="text">
    <xsl:param name="root" as="xs:string" tunnel="yes" select="'../'"/>
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="href" select="ed:site-href(@target, ., $root)"/>
    <xsl:choose>
      <xsl:when test="$href and not($in-link)"><a href="{$href}"><xsl:apply-templates mode="text"/></a></xsl:when>
      <xsl:otherwise><span class="ref"><xsl:apply-templates mode="text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A short citation links to the entry of the bibliography it stands for; the names in it
       are not links of their own (a link inside a link has no name). -->
  <xsl:template match="tei:bibl[@corresp][not(parent::tei:listBibl)]" mode="text">
    <xsl:variable name="href" select="ed:safe-href(@corresp)"/>
    <xsl:choose>
      <xsl:when test="$href">
        <a class="citation" href="{$href}">
          <xsl:apply-templates mode="text"><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A layout break of a web source (no page number) is not shown. -->
  <xsl:template match="tei:pb[not(@n)]" mode="text"/>

  <!-- A page break of the source: a space and a label, never glued to a word. -->
  <xsl:template match="tei:pb" mode="text">
    <xsl:text> </xsl:text>
    <span class="pb" data-pagefind-ignore="">
      <xsl:if test="@n"><xsl:attribute name="id" select="'page-' || replace(@n, '[^A-Za-z0-9_-]', '_')"/></xsl:if>
      <xsl:value-of select="if (@n) then 'p. ' || @n else 'page break'"/>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Corrections: the corrected reading, marked; the source's reading one tap away
       (a button shows it; without script, and in print, it is shown after the reading). -->
  <xsl:template match="tei:choice[tei:corr]" mode="text">
    <!-- The same on every run, whatever else the run reads: the nearest id (ids are unique
         in the edition) and the correction's number in its file. -->
    <xsl:variable name="id" select="string-join(('sic', ancestor::*[@xml:id][1]/@xml:id,
                                                 string(count(preceding::tei:choice[tei:corr]) + 1)), '-')"/>
    <span class="corr"><xsl:apply-templates select="tei:corr/node()" mode="text"/></span>
    <button type="button" class="sic-toggle" aria-expanded="false" aria-controls="{$id}"
            title="Show the source's reading"><span aria-hidden="true">°</span><span class="visually-hidden">corrected; show the source's reading</span></button>
    <span class="sic" id="{$id}" data-pagefind-ignore=""> [source: <xsl:apply-templates select="tei:sic/node()" mode="text"/>]</span>
  </xsl:template>

  <!-- The web edition's notes after the text, each linking back to its marker. Notes
       whose text is still missing are listed once, together, as a flagged gap. -->
  <xsl:template name="note-list">
    <xsl:param name="text" as="element()"/>
    <xsl:variable name="markers" select="$text//*[ed:is-marker(.)][not(ancestor::tei:note)]"/>
    <xsl:variable name="missing" select="$markers[ed:marker-missing(.)]"/>
    <xsl:if test="$markers">
      <section class="notes" aria-labelledby="notes-head">
        <h2 id="notes-head">Notes</h2>
        <ol>
          <xsl:for-each select="$markers except $missing">
            <xsl:variable name="anchor" select="ed:note-anchor(.)"/>
            <li id="{$anchor}">
              <a class="back" href="#ref-{$anchor}" aria-label="Note {ed:note-label(.)}, back to the text"><xsl:value-of select="ed:note-label(.)"/></a>
              <xsl:text> </xsl:text>
              <xsl:apply-templates select="." mode="note-body"/>
            </li>
          </xsl:for-each>
        </ol>
        <xsl:if test="$missing">
          <p class="gap-flag" id="notes-missing">
            <strong>Gap:</strong>
            <xsl:text> the text of </xsl:text>
            <xsl:value-of select="if (count($missing) = 1) then 'note' else 'notes'"/>
            <xsl:text> </xsl:text>
            <xsl:for-each select="$missing">
              <xsl:variable name="anchor" select="ed:note-anchor(.)"/>
              <xsl:if test="position() gt 1">, </xsl:if>
              <a class="back" id="{$anchor}" href="#ref-{$anchor}" aria-label="Note {ed:note-label(.)}, back to the text"><xsl:value-of select="ed:note-label(.)"/></a>
            </xsl:for-each>
            <xsl:text> of the printed volume is not in the transcription, and the editors have not supplied it yet (</xsl:text>
            <a href="../principles.html#missing-notes">why</a>
            <xsl:text>).</xsl:text>
          </p>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A marker whose note has no text yet (neither the volume's nor the editors'). -->
  <xsl:function name="ed:marker-missing" as="xs:boolean">
    <xsl:param name="marker" as="element()"/>
    <xsl:sequence select="if ($marker/self::tei:ptr) then ed:note-missing(ed:resolve($marker/@target, $marker))
                          else ed:note-missing($marker)"/>
  </xsl:function>

  <xsl:template match="tei:note" mode="note-body">
    <xsl:param name="root" as="xs:string" tunnel="yes" select="'../'"/>
    <xsl:choose>
      <xsl:when test="ed:note-missing(.)">
        <span class="missing">not in the transcription</span>
      </xsl:when>
      <xsl:when test="tei:gap[tokenize(@reason) = 'not-transcribed']">
        <span class="resp">Editors’ note, in place of the volume’s own: </span>
        <xsl:apply-templates select="node() except tei:gap" mode="text"><xsl:with-param name="root" select="'../'" tunnel="yes"/></xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"><xsl:with-param name="root" select="'../'" tunnel="yes"/></xsl:apply-templates></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:note/tei:p" mode="text">
    <span class="note-p"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
</xsl:stylesheet>
