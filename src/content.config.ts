// Starlight's docs collection, read from the top-level content/ folder so lesson URLs are
// /lessons/03-layers/ and the course text lives apart from the site's code.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    // Files starting with "_" are drafts or partials, as in Starlight's own loader.
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema({
      extend: z.object({
        /** The lab numbers (`npm run lab N`) that practise this lesson. */
        labs: z.array(z.number().int().positive()).optional(),
        /** A lesson page opens with these (src/components/LessonIntro.astro); test/site holds every lesson to them. */
        objectives: z.array(z.string().min(1)).min(1).optional(),
        prerequisites: z.array(z.string().min(1)).min(1).optional(),
        /** About how long the page takes to read, labs not counted. */
        minutes: z.number().int().positive().optional(),
      }),
    }),
  }),
  // The course's own wording for a few of Starlight's interface strings (src/content/i18n/en.json).
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
