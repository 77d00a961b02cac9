<?xml version="1.0" encoding="UTF-8"?>
<!--
  The print edition as one HTML document for CSS paged media (WeasyPrint):
  title page, contents with page numbers, the letters in order with their
  notes at the foot of the page, running heads and page numbers (book.css).
  Source document: tei/edition.xml. Parameter $tei-dir: the URI of tei/.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/edition.xsl"/>
  <xsl:import href="../common/text.xsl"/>

  <xsl:param name="tei-dir" as="xs:string" required="yes"/>
  <xsl:param name="notes-inline" as="xs:boolean" select="true()"/>
  <xsl:param name="link-base" as="xs:string" select="''"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:variable name="edition" select="/tei:TEI"/>
  <xsl:variable name="letters" as="element(tei:TEI)*" select="ed:letters($tei-dir)"/>
  <xsl:variable name="essays" as="element(tei:TEI)*"
                select="collection($tei-dir || 'essays' || $ed:tei-files)/tei:TEI"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="$edition//tei:titleStmt/tei:title[@type = 'main']"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="book.css"/>
      </head>
      <body>
        <section class="title-page">
          <h1><xsl:value-of select="$title"/></h1>
          <p class="subtitle"><xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'sub']"/></p>
          <p class="publisher"><xsl:value-of select="$edition//tei:publicationStmt/tei:publisher"/></p>
          <p class="licence"><xsl:value-of select="$edition//tei:publicationStmt//tei:licence"/></p>
        </section>

        <nav class="contents">
          <h2>Contents</h2>
          <ol>
            <xsl:for-each select="$essays">
              <li><a href="#{@xml:id}"><span class="entry"><xsl:value-of select="ed:title(.)"/></span></a></li>
            </xsl:for-each>
            <xsl:for-each select="$letters">
              <li><a href="#{@xml:id}"><span class="entry"><xsl:value-of select="ed:title(.)"/></span></a></li>
            </xsl:for-each>
          </ol>
        </nav>

        <xsl:for-each select="$essays">
          <article class="essay" id="{@xml:id}">
            <h2 class="letter-title"><xsl:value-of select="ed:title(.)"/></h2>
            <p class="source"><xsl:value-of select="normalize-space(tei:text/tei:front/tei:docAuthor)"/></p>
            <xsl:apply-templates select="tei:text/tei:body/node(), tei:text/tei:back/node()" mode="text"/>
          </article>
        </xsl:for-each>

        <xsl:for-each select="$letters">
          <xsl:variable name="desc" select="tei:teiHeader/tei:profileDesc/tei:correspDesc[1]"/>
          <article class="letter" id="{@xml:id}">
            <h2 class="letter-title"><xsl:value-of select="ed:title(.)"/></h2>
            <p class="source"><xsl:value-of select="ed:citation(tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1])"/></p>
            <xsl:apply-templates select="tei:text/tei:body/node()" mode="text"/>
          </article>
        </xsl:for-each>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
