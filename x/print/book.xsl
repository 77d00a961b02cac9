<?xml version="1.0" encoding="UTF-8"?>
<!--
  The print edition as HTML documents for CSS paged media (WeasyPrint).

  The book is written as parts, one HTML document each, which writers/pdf.py lays
  out separately and joins: the front matter (title page and its verso, contents,
  editorial principles, list of documents, abbreviations), the introduction, the
  documents (one article each, in batches), the back matter (sources and works
  cited, notes not transcribed) and the index. Every part begins where the book
  begins a new page anyway; the lists that grow with the edition (contents, list
  of documents, notes not transcribed) are cut into parts of $entries-per-part
  entries, so that no part grows with the edition.

  No run reads the whole edition: like the web edition's, the book is a map and a
  reduce, in three kinds of run ($part):
    summaries  a summary of each document in $page-files (summaries/letters/ID.xml):
               what the rest of the book needs of it (its place in the order, its
               heading and list entry, the notes without text and the register
               entries it prints), a few hundred bytes;
    book       from the summaries ($summaries-file) and the introduction: every part
               but the documents, and order.xml, the documents in the book's order;
    documents  one batch of documents ($page-files, in the book's order, the first
               numbered $first-number) as the part $part-name.

  Page numbers are not known here. Where the book prints one, this stylesheet
  leaves a placeholder that pdf.py fills after a first layout:
    span.pageref[@data-ref]        the page of the element with that id (contents);
    span.locators[@data-ix-key]    the pages of every printed name with that key (index).
  Every printed name carries @id and @data-ix (its register key); every element
  the PDF outline shows carries @data-outline (a clean title) and @data-level, and
  only such landmarks can be the target of a pageref.

  Source document: tei/edition.xml. Parameter $tei-dir: the URI of tei/.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:pr="urn:edition:print"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/edition.xsl"/>
  <xsl:import href="../common/text.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="index.xsl"/>

  <xsl:param name="tei-dir" as="xs:string" required="yes"/>
  <xsl:param name="notes-inline" as="xs:boolean" select="true()"/>
  <xsl:param name="link-base" as="xs:string" select="''"/>
  <!-- Entries per part of the contents, the list of documents and the notes not transcribed:
       a longer list continues in another part, on a new page. A part's size, and so the
       memory its layout takes, does not grow with the edition. -->
  <xsl:param name="entries-per-part" as="xs:string" select="'500'"/>  <!-- a number; given as text -->
  <xsl:param name="part" as="xs:string" select="'book'"/>  <!-- summaries | book | documents -->
  <!-- The documents of a 'summaries' or 'documents' run: paths below tei/, space-separated. -->
  <xsl:param name="page-files" as="xs:string" select="''"/>
  <!-- 'book': the URI of the documents' summaries, gathered in one pr:summaries element. -->
  <xsl:param name="summaries-file" as="xs:string" select="''"/>
  <!-- 'documents': the name of the part and the number of its first document. -->
  <xsl:param name="part-name" as="xs:string" select="''"/>
  <xsl:param name="first-number" as="xs:string" select="'1'"/>  <!-- a number; given as text -->

  <!-- The parts are written with xsl:result-document; the principal output is empty. -->
  <xsl:output method="text"/>

  <xsl:variable name="edition" select="/tei:TEI"/>
  <xsl:variable name="matter" select="doc('print-matter.xml')/tei:TEI"/>
  <!-- The documents of this run ('summaries', 'documents'), read one at a time from tei/. -->
  <xsl:variable name="batch" as="element(tei:TEI)*"
                select="tokenize($page-files) ! doc($tei-dir || .)/tei:TEI"/>
  <!-- 'book': every document's summary, in the order of the book (by date, undated ones last). -->
  <xsl:variable name="summaries" as="element(pr:summary)*">
    <xsl:perform-sort select="doc($summaries-file)/pr:summaries/pr:summary">
      <xsl:sort select="(@date[. ne ''], '9999')[1]"/>
      <xsl:sort select="xs:integer(@letter)"/>
      <xsl:sort select="@id"/>
    </xsl:perform-sort>
  </xsl:variable>
  <!-- The number of each document in the book, by id. -->
  <xsl:variable name="numbers" as="map(xs:string, xs:integer)" select="
    if ($part = 'documents')
    then map:merge($batch ! map {string(@xml:id): xs:integer($first-number) + position() - 1})
    else map:merge($summaries ! map {string(@id): position()})"/>
  <!-- The introduction(s); an edition may have none (no essays/ folder). -->
  <xsl:variable name="essays" as="element(tei:TEI)*">
    <xsl:try select="collection($tei-dir || 'essays' || $ed:tei-files)/tei:TEI">
      <xsl:catch errors="err:FODC0002" select="()" xmlns:err="http://www.w3.org/2005/xqt-errors"/>
    </xsl:try>
  </xsl:variable>
  <!-- What the contents, the notes not transcribed and the index need of the introduction. -->
  <xsl:variable name="essay-summaries" as="element(pr:summary)*" select="$essays ! pr:summary(., '')"/>
  <xsl:variable name="bibliography"
                select="doc($tei-dir || 'registers/bibliography.xml')/tei:TEI"/>

  <!-- ===== the order and identity of the documents ===== -->

  <!-- The date a document is filed under: its own, else that of the first message it carries. -->
  <xsl:function name="pr:date" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="own" select="ed:letter-date($tei)"/>
    <xsl:variable name="created" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/(@when, @notBefore, @from)[1]"/>
    <xsl:variable name="carried" select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[position() gt 1]/tei:correspAction[@type = 'sent']/tei:date/(@when, @notBefore, @from)[1]"/>
    <xsl:sequence select="string(($own[. ne ''], $created, min($carried ! string(.)))[1])"/>
  </xsl:function>

  <!-- 'Stalin to Roosevelt' from a correspDesc; the participants of a memorandum. -->
  <xsl:function name="pr:parties" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="desc" as="element(tei:correspDesc)?"/>
    <xsl:variable name="from" select="ed:people($desc/tei:correspAction[@type = 'sent'], true())"/>
    <xsl:variable name="to" select="ed:people($desc/tei:correspAction[@type = 'received'], true())"/>
    <xsl:variable name="creation" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation"/>
    <xsl:sequence select="
      if ($from and $to) then $from || ' to ' || $to
      else if ($from) then string-join((pr:doctype($tei), $from), ' by ')
      else if ($to) then 'To ' || $to
      else if ($creation//tei:persName) then string-join($creation//tei:persName ! ed:short-name(if (@ref) then ed:resolve(@ref, .) else (), .), ', ')
      else ed:title($tei)"/>
  </xsl:function>

  <!-- 'Memorandum' for a document typed ed:doctype-memorandum in the edition's taxonomy. -->
  <xsl:function name="pr:doctype" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="ref" select="$tei/tei:teiHeader/tei:profileDesc/tei:textClass/tei:catRef[@scheme = 'ed:doctypes']/@target"/>
    <xsl:variable name="category" select="$edition//tei:category[@xml:id = substring-after($ref, ':')]"/>
    <xsl:sequence select="$category/tei:catDesc ! tokenize(normalize-space(.))[1]"/>
  </xsl:function>

  <!-- Place and normalised date of writing: 'Moscow, 4 November 1941', 'received 15 August 1941'. -->
  <xsl:function name="pr:place-date" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="desc" as="element(tei:correspDesc)?"/>
    <xsl:variable name="sent" select="$desc/tei:correspAction[@type = 'sent']"/>
    <xsl:variable name="creation" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation[empty($desc)]"/>
    <xsl:variable name="place" select="($sent/tei:placeName, $creation/tei:placeName)[1]"/>
    <xsl:variable name="when" select="($sent/tei:date, $creation/tei:date)[1] ! ed:date-label(.)"/>
    <xsl:variable name="received" select="$desc/tei:correspAction[@type = 'received']/tei:date[1] ! ed:date-label(.)"/>
    <xsl:variable name="date" select="
      if ($when) then $when
      else if ($received) then 'received ' || $received
      else if ($desc is $tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[1] and pr:date($tei))
      then 'undated (after ' || ed:date(pr:date($tei)) || ')'
      else 'undated'"/>
    <xsl:sequence select="string-join(($place ! ed:display-name(if (@ref) then ed:resolve(@ref, .) else (), .), $date), ', ')"/>
  </xsl:function>

  <!-- The heading line of a document: 'Stalin to Roosevelt, Moscow, 4 November 1941'. -->
  <xsl:function name="pr:heading" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="desc" select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[1]"/>
    <xsl:sequence select="pr:parties($tei, $desc) || ', ' || pr:place-date($tei, $desc)"/>
  </xsl:function>

  <!-- A source in a few words: the abbreviation whose expansion begins its title, and where in it. -->
  <xsl:function name="pr:short-source" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)?"/>
    <xsl:variable name="title" select="normalize-space($bibl/tei:title[not(@type = 'sub')][1])"/>
    <xsl:variable name="label" select="$matter//tei:div[@type = 'abbreviations']//tei:item[starts-with($title, normalize-space(.))][1]"/>
    <xsl:variable name="rest" select="if ($label) then replace(substring-after($title, normalize-space($label)), '^[,;:.\s]+', '') else $title"/>
    <xsl:sequence select="string-join((
      normalize-space($label/preceding-sibling::tei:label[1]),
      $rest[. ne ''],
      for $s in $bibl/tei:biblScope return
        (if ($s/@unit = 'letter') then 'No. ' else if ($s/@unit = 'page') then (if ($s/@from ne $s/@to) then 'pp. ' else 'p. ') else if ($s/@unit = 'volume') then 'vol. ' else '') || normalize-space($s)
      )[. ne ''], ', ')"/>
  </xsl:function>

  <!-- ===== the book ===== -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'summaries'">
        <xsl:for-each select="tokenize($page-files)">
          <xsl:result-document href="summaries/{.}" method="xml" indent="no">
            <xsl:sequence select="pr:summary(doc($tei-dir || .)/tei:TEI, .)"/>
          </xsl:result-document>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$part = 'book'">
        <xsl:call-template name="book"/>
      </xsl:when>
      <xsl:when test="$part = 'documents'">
        <xsl:call-template name="part">
          <xsl:with-param name="name" select="$part-name"/>
          <xsl:with-param name="content" as="element()*">
            <xsl:apply-templates select="$batch" mode="document"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">$part must be 'summaries', 'book' or 'documents', not '<xsl:value-of select="$part"/>'</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What the book needs of a document besides its own part: the keys of its place in the
       order, its heading and its entry in the list of documents; the markers of notes
       without text (pr:gap, in the order of the text: the key they are listed under, the
       numbers they show, the source they belong to); the register entries its text names
       (pr:entry, each once: index key, kind, name and life dates as the index prints them). -->
  <xsl:function name="pr:summary" as="element(pr:summary)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="file" as="xs:string"/>  <!-- its path below tei/ -->
    <xsl:variable name="desc" select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[1]"/>
    <xsl:variable name="id" select="string($tei/@xml:id)"/>
    <pr:summary id="{$id}" file="{$file}" date="{pr:date($tei)}"
        letter="{xs:integer(($tei//tei:biblScope[@unit = 'letter'], 0)[1])}"
        heading="{pr:heading($tei)}" parties="{pr:parties($tei, $desc)}"
        place-date="{pr:place-date($tei, $desc)}"
        source="{pr:short-source($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1])}">
      <xsl:for-each select="$tei//tei:text//(tei:note | tei:ptr)[pr:kind(.) = 'missing']">
        <xsl:variable name="note" select="if (self::tei:ptr) then ed:resolve(@target, .) else ."/>
        <pr:gap key="{if (self::tei:ptr) then ed:expand(@target, .) else $id || '#' || position()}"
                marker="{(@n, $note/@n, '?')[1]}"
                source="{pr:short-source(root($note)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1])}">
          <xsl:if test="exists((@n, $note/@n))"><xsl:attribute name="n" select="(@n, $note/@n)[1]"/></xsl:if>
          <xsl:if test="ancestor::tei:head"><xsl:attribute name="on-heading" select="'yes'"/></xsl:if>
        </pr:gap>
      </xsl:for-each>
      <xsl:for-each-group select="$tei/tei:text//(tei:persName | tei:placeName | tei:orgName)[@ref] ! ed:resolve(@ref, .)"
                          group-by="pr:index-key(.)">
        <pr:entry key="{current-grouping-key()}" kind="{local-name()}" name="{pr:index-name(.)}"
                  dates="{pr:life-dates(.)}"/>
      </xsl:for-each-group>
    </pr:summary>
  </xsl:function>

  <!-- Every part but the documents, from the summaries; and the order of the documents. -->
  <xsl:template name="book">
    <!-- The front matter in parts, each starting on a page of its own as it would anyway;
         the contents and the list of documents, which grow with the edition, in slices. -->
    <xsl:call-template name="part">
      <xsl:with-param name="name" select="'000-front-0-title'"/>
      <xsl:with-param name="content" as="element()*">
        <xsl:call-template name="title-page"/>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="contents"/>
    <xsl:call-template name="part">
      <xsl:with-param name="name" select="'000-front-2-principles'"/>
      <xsl:with-param name="continued" select="true()"/>
      <xsl:with-param name="content" as="element()*">
        <xsl:apply-templates select="$matter//tei:div[@type = 'principles']" mode="matter"/>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="list-of-documents"/>
    <xsl:call-template name="part">
      <xsl:with-param name="name" select="'000-front-4-abbreviations'"/>
      <xsl:with-param name="continued" select="true()"/>
      <xsl:with-param name="content" as="element()*">
        <xsl:apply-templates select="$matter//tei:div[@type = 'abbreviations']" mode="matter"/>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="$essays">
      <xsl:call-template name="part">
        <xsl:with-param name="name" select="'001-essays'"/>
        <xsl:with-param name="content" as="element()*">
          <xsl:apply-templates select="$essays" mode="essay"/>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="part">
      <xsl:with-param name="name" select="'003-back-0-sources'"/>
      <xsl:with-param name="content" as="element()*">
        <xsl:call-template name="sources"/>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="notes-not-transcribed"/>
    <xsl:call-template name="part">
      <xsl:with-param name="name" select="'004-index'"/>
      <xsl:with-param name="content" as="element()*">
        <xsl:call-template name="index"/>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:result-document href="order.xml" method="xml" indent="no">
      <pr:order>
        <xsl:for-each select="$summaries"><pr:document file="{@file}"/></xsl:for-each>
      </pr:order>
    </xsl:result-document>
  </xsl:template>

  <!-- A section whose entries grow with the edition, written as parts of $entries-per-part
       entries. The first slice is the section itself (id, outline entry, heading, $intro);
       the others continue it on a new page, with the same running head ($title). -->
  <xsl:template name="sliced">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="element" as="xs:string"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="intro" as="element()*" select="()"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="wrap" as="function(element()*) as element()"/>
    <xsl:for-each-group select="if (exists($entries)) then $entries else ''"
                        group-adjacent="(position() - 1) idiv xs:integer($entries-per-part)">
      <xsl:variable name="first" select="current-grouping-key() = 0"/>
      <xsl:call-template name="part">
        <xsl:with-param name="name" select="$name || '-' || format-number(current-grouping-key(), '000000')"/>
        <xsl:with-param name="continued" select="true()"/>
        <xsl:with-param name="content" as="element()*">
          <xsl:element name="{$element}">
            <xsl:attribute name="class" select="$class"/>
            <xsl:choose>
              <xsl:when test="$first">
                <xsl:attribute name="id" select="$id"/>
                <xsl:attribute name="data-outline" select="$title"/>
                <xsl:attribute name="data-level" select="'1'"/>
                <h2><xsl:value-of select="$title"/></h2>
                <xsl:sequence select="$intro"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:attribute name="data-running" select="$title"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:sequence select="$wrap(current-group()[. instance of element()])"/>
          </xsl:element>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:for-each-group>
  </xsl:template>

  <!-- One part of the book as a complete HTML document of its own. -->
  <xsl:template name="part">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="content" as="element()*"/>
    <!-- A part cut from the flow at one of its page breaks: its first page is set like a page
         after a break (body.continued, no top margin); the title pages, the introduction, the
         batches of documents, the sources and the index begin below the body's margin. -->
    <xsl:param name="continued" as="xs:boolean" select="false()"/>
    <xsl:result-document href="{$name}.html" method="html" html-version="5" encoding="UTF-8" indent="no">
      <html lang="en">
        <head>
          <meta charset="utf-8"/>
          <title><xsl:value-of select="normalize-space($edition//tei:titleStmt/tei:title[@type = 'main'])"/></title>
          <meta name="author" content="{pr:editors()}"/>
          <meta name="description" content="{normalize-space($edition//tei:titleStmt/tei:title[@type = 'sub'])}"/>
          <link rel="stylesheet" href="book.css"/>
        </head>
        <body>
          <xsl:if test="$continued"><xsl:attribute name="class" select="'continued'"/></xsl:if>
          <section class="part" data-part="{$name}"><xsl:sequence select="$content"/></section>
        </body>
      </html>
    </xsl:result-document>
  </xsl:template>

  <xsl:function name="pr:editors" as="xs:string">
    <xsl:sequence select="normalize-space(string-join($edition//tei:titleStmt/tei:respStmt[tei:orgName | tei:persName]/(tei:persName | tei:orgName), ', '))"/>
  </xsl:function>

  <xsl:template name="title-page">
    <section class="title-page" id="title-page">
      <h1><xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'main']"/></h1>
      <p class="subtitle"><xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'sub']"/></p>
      <xsl:for-each select="$edition//tei:titleStmt/tei:respStmt[tei:persName | tei:orgName]">
        <p class="editors">
          <span class="resp"><xsl:value-of select="tei:resp"/></span><br/>
          <xsl:value-of select="string-join((tei:persName | tei:orgName) ! normalize-space(), ', ')"/>
        </p>
      </xsl:for-each>
      <p class="publisher"><xsl:value-of select="$edition//tei:publicationStmt/tei:publisher"/></p>
    </section>
    <section class="verso" id="verso">
      <p class="statement">
        <xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'main']"/>.
        <xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'sub']"/>.
        Print edition of <xsl:value-of select="count($summaries)"/> documents,
        made from the edition's TEI master.
      </p>
      <xsl:for-each select="$edition//tei:publicationStmt/tei:idno[@type = 'URL']">
        <p class="url">Online: <a href="{.}"><xsl:value-of select="."/></a></p>
      </xsl:for-each>
      <p class="publisher">Published by <xsl:value-of select="$edition//tei:publicationStmt/tei:publisher"/>.</p>
      <xsl:for-each select="$edition//tei:publicationStmt//tei:licence">
        <p class="licence">
          <xsl:apply-templates mode="text"/>
          <xsl:if test="@target"><xsl:text> </xsl:text><a class="url" href="{@target}"><xsl:value-of select="@target"/></a></xsl:if>
        </p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template name="contents">
    <xsl:call-template name="sliced">
      <xsl:with-param name="name" select="'000-front-1-contents'"/>
      <xsl:with-param name="element" select="'nav'"/>
      <xsl:with-param name="class" select="'contents'"/>
      <xsl:with-param name="id" select="'contents'"/>
      <xsl:with-param name="title" select="'Contents'"/>
      <xsl:with-param name="wrap" select="function($entries) { pr:wrap('ol', $entries) }"/>
      <xsl:with-param name="entries" as="element()*">
        <xsl:for-each select="$matter//tei:div[@type = ('principles', 'abbreviations')]">
          <xsl:if test="@type = 'abbreviations'">
            <li class="front"><a href="#list-of-documents">List of documents</a><xsl:sequence select="pr:pageref('list-of-documents')"/></li>
          </xsl:if>
          <li class="front"><a href="#{@type}"><xsl:value-of select="tei:head"/></a><xsl:sequence select="pr:pageref(@type)"/></li>
        </xsl:for-each>
        <xsl:for-each select="$essays">
          <li class="essay"><a href="#{@xml:id}"><xsl:value-of select="pr:essay-title(.)"/></a><xsl:sequence select="pr:pageref(@xml:id)"/></li>
        </xsl:for-each>
        <li class="group">Documents</li>
        <xsl:for-each select="$summaries">
          <li class="document">
            <span class="no"><xsl:value-of select="position()"/></span>
            <a href="#{@id}"><xsl:value-of select="@heading"/></a>
            <xsl:sequence select="pr:pageref(@id)"/>
          </li>
        </xsl:for-each>
        <li class="back"><a href="#sources">Sources and works cited</a><xsl:sequence select="pr:pageref('sources')"/></li>
        <li class="back"><a href="#notes-not-transcribed">Notes not transcribed</a><xsl:sequence select="pr:pageref('notes-not-transcribed')"/></li>
        <li class="back"><a href="#index">Index of persons, places and organisations</a><xsl:sequence select="pr:pageref('index')"/></li>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- $entries in an element named $name (an ol, a ul, a tbody). -->
  <xsl:function name="pr:wrap" as="element()">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:element name="{$name}"><xsl:sequence select="$entries"/></xsl:element>
  </xsl:function>

  <!-- A page number pdf.py fills in; the placeholder is as wide as a large number. -->
  <xsl:function name="pr:pageref" as="element()">
    <xsl:param name="id" as="xs:string"/>
    <span class="pageref" data-ref="{$id}">0000</span>
  </xsl:function>

  <xsl:function name="pr:essay-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="normalize-space(($tei/tei:text/tei:front//tei:titlePart[@type = 'main'], ed:title($tei))[1])"/>
  </xsl:function>

  <xsl:template match="tei:div" mode="matter">
    <section class="matter {@type}" id="{@type}" data-outline="{normalize-space(tei:head)}" data-level="1">
      <h2><xsl:value-of select="tei:head"/></h2>
      <xsl:apply-templates select="* except tei:head" mode="matter"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:p" mode="matter">
    <p><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'gloss']" mode="matter">
    <dl class="gloss">
      <xsl:for-each select="tei:label">
        <dt><xsl:apply-templates mode="text"/></dt>
        <dd><xsl:apply-templates select="following-sibling::tei:item[1]/node()" mode="text"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template name="list-of-documents">
    <xsl:call-template name="sliced">
      <xsl:with-param name="name" select="'000-front-3-list'"/>
      <xsl:with-param name="element" select="'section'"/>
      <xsl:with-param name="class" select="'matter list-of-documents'"/>
      <xsl:with-param name="id" select="'list-of-documents'"/>
      <xsl:with-param name="title" select="'List of documents'"/>
      <xsl:with-param name="wrap" select="pr:documents-table#1"/>
      <xsl:with-param name="entries" as="element()*">
        <xsl:for-each select="$summaries">
          <tr>
            <td class="no"><xsl:value-of select="position()"/></td>
            <td class="date"><xsl:value-of select="@place-date => replace('^.*, (received |undated)', '$1') => replace('^[^,]*, (\d)', '$1')"/></td>
            <td class="parties"><xsl:value-of select="substring-before(@parties || ' to ', ' to ')"/>
              <xsl:if test="contains(@parties, ' to ')">
                <span class="arrow"> → </span><xsl:value-of select="substring-after(@parties, ' to ')"/>
              </xsl:if>
            </td>
            <td class="source"><xsl:value-of select="@source"/></td>
          </tr>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The table of the list of documents, its head repeated on every page and in every part. -->
  <xsl:function name="pr:documents-table" as="element()">
    <xsl:param name="rows" as="element()*"/>
    <table class="documents">
      <thead><tr><th class="no">No.</th><th class="date">Date</th><th>Sender → addressee</th><th>Source</th></tr></thead>
      <tbody><xsl:sequence select="$rows"/></tbody>
    </table>
  </xsl:function>

  <!-- ===== the introduction ===== -->

  <xsl:template match="tei:TEI" mode="essay">
    <article class="essay" id="{@xml:id}" data-outline="{pr:essay-title(.)}" data-level="1">
      <h2 class="essay-title" data-running="{pr:essay-title(.)}"><xsl:value-of select="pr:essay-title(.)"/></h2>
      <p class="author"><xsl:value-of select="normalize-space(tei:text/tei:front/tei:docAuthor)"/></p>
      <xsl:apply-templates select="tei:text/tei:body/node(), tei:text/tei:back/node()" mode="text"/>
    </article>
  </xsl:template>

  <!-- ===== the documents ===== -->

  <xsl:template match="tei:TEI" mode="document">
    <xsl:variable name="number" select="$numbers(string(@xml:id))"/>
    <xsl:variable name="heading" select="pr:heading(.)"/>
    <article class="document" id="{@xml:id}" data-outline="{$number}. {$heading}" data-level="2">
      <header>
        <h2 class="doc-title" data-running="No. {$number} · {$heading}">
          <span class="doc-no"><xsl:value-of select="$number"/></span>
          <xsl:text> </xsl:text>
          <xsl:value-of select="pr:parties(., tei:teiHeader/tei:profileDesc/tei:correspDesc[1])"/>
        </h2>
        <p class="doc-date"><xsl:value-of select="pr:place-date(., tei:teiHeader/tei:profileDesc/tei:correspDesc[1])"/></p>
        <p class="doc-source"><xsl:value-of select="pr:short-source(tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1])"/></p>
      </header>
      <xsl:apply-templates select="tei:text/tei:body/node()" mode="text"/>
    </article>
  </xsl:template>

  <!-- The source's own document number stands in the source line. -->
  <xsl:template match="tei:head[@type = 'number']" mode="text" priority="3"/>

  <!-- A message carried in another document, headed by its own sender, addressee and date. -->
  <xsl:template match="tei:floatingText" mode="text" priority="3">
    <xsl:variable name="tei" select="ancestor::tei:TEI[1]"/>
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="decl" select="$tei/tei:teiHeader/tei:profileDesc/tei:correspDesc[
      (@xml:id and @xml:id = tokenize(current()/@decls) ! substring-after(., '#'))
      or ($id and @corresp = '#' || $id)][1]"/>
    <xsl:if test="$decl">
      <p class="nested-head"><xsl:value-of select="pr:parties($tei, $decl) || ', ' || pr:place-date($tei, $decl)"/></p>
    </xsl:if>
    <blockquote class="floatingText"><xsl:apply-templates mode="text"/></blockquote>
  </xsl:template>

  <!-- Curly quotes in print; the TEI keeps the source's characters. -->
  <xsl:template match="text()" mode="text">
    <xsl:sequence select="pr:typeset(pr:curly(., pr:char-before(.)))"/>
  </xsl:template>

  <!-- Text as print sets it: URLs and capitalised words (names more often than not, tagged
       or not) in spans that are never hyphenated. -->
  <xsl:function name="pr:typeset" as="node()*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:analyze-string select="$text" regex="https?://[^\s&lt;&gt;”’)]+[^\s&lt;&gt;”’).,;:]">
      <xsl:matching-substring><span class="url"><xsl:value-of select="."/></span></xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:analyze-string select="." regex="\p{{Lu}}[\p{{L}}’'']{{6,}}">
          <xsl:matching-substring><span class="nh"><xsl:value-of select="."/></span></xsl:matching-substring>
          <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
        </xsl:analyze-string>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:function>

  <xsl:function name="pr:char-before" as="xs:string">
    <xsl:param name="text" as="text()"/>
    <xsl:sequence select="if (matches($text, '^[&quot;'']'))
      then substring(string($text/preceding::text()[1]), string-length(string($text/preceding::text()[1])))
      else ''"/>
  </xsl:function>

  <xsl:function name="pr:curly" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <!-- a marker character stands for the text before this node, so that ^ is not taken for a space -->
    <xsl:variable name="lead" select="if ($before = '' or matches($before, '[\s(\[—–-]')) then ' ' else 'x'"/>
    <xsl:sequence select="substring(
      ($lead || $text)
      => replace('([\s(\[—–-])&quot;', '$1“') => replace('&quot;', '”')
      => replace('([\s(\[—–-])''', '$1‘') => replace('''', '’'), 2)"/>
  </xsl:function>

  <!-- ===== back matter ===== -->

  <xsl:template name="sources">
    <section class="matter bibliography-part" id="sources" data-outline="Sources and works cited" data-level="1">
      <h2>Sources and works cited</h2>
      <xsl:for-each select="$bibliography//tei:listBibl[not(parent::tei:listBibl)]">
        <xsl:sort select="if (@type = 'sources') then 0 else 1"/>
        <section class="bibliography">
          <h3><xsl:value-of select="if (@type = 'sources') then 'Sources' else 'Works cited'"/></h3>
          <ul>
            <xsl:for-each select=".//tei:bibl[parent::tei:listBibl]">
              <xsl:sort select="lower-case(normalize-space(((tei:author, tei:editor)[1]//tei:surname, tei:title)[1]))"/>
              <li id="bib-{@xml:id}">
                <xsl:sequence select="pr:typeset(pr:full-citation(.))"/>
                <xsl:for-each select="tei:ref/@target">
                  <xsl:text> </xsl:text><span class="url"><xsl:value-of select="."/></span>
                </xsl:for-each>
              </li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- A full citation: authors or editors, titles, imprint, volume (the URL follows it). -->
  <xsl:function name="pr:full-citation" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="names" select="(if ($bibl/tei:author) then $bibl/tei:author else $bibl/tei:editor[not(@role) or @role = 'chairman'][1]) ! normalize-space()"/>
    <xsl:sequence select="normalize-space(string-join((
      string-join($names, '; ') || (if (empty($bibl/tei:author) and exists($names)) then ' (ed.)' else ''),
      $bibl/tei:title[@level = 'a'] ! ('“' || normalize-space(.) || '”'),
      $bibl/tei:title[not(@level = ('a', 's', 'j'))][not(@type = 'sub')],
      $bibl/tei:title[@type = 'sub'],
      $bibl/tei:title[@level = 'j'],
      string-join(($bibl/tei:pubPlace, $bibl/tei:publisher) ! normalize-space(), ': '),
      $bibl/tei:date,
      $bibl/tei:biblScope[@unit = 'volume'] ! ('vol. ' || .)
      )[normalize-space()], '. ')) || '.'"/>
  </xsl:function>
</xsl:stylesheet>
