import { generateThaiText } from './thai-text.ts';
const text = generateThaiText(20*1024*1024, 0);
const P='[0-9\u0E50-\u0E59\uFF10-\uFF19Xx\uFF38\uFF58*\uFF0A\u2217\u204E\u2731\u25CF\u2022\u25CB\u25EF\u26AB\u2B24\u00D7#]';
const S='[ \u00A0\u202F\u205F\u3000\\-\u2010\u2011\u2012\u2013.\u00B7\u2000-\u200A]';
const Z='[\u200B-\u200D\u2060\uFEFF]';
for (const [name,src] of [['min8',`${P}(?:${Z}*(?:${S}${Z}*){0,3}${P}){7,}`],['min8 simple',`${P}(?:${S}{0,3}${P}){7,}`],['digit-start min8',`[0-9\u0E50-\u0E59\uFF10-\uFF19](?:${S}{0,3}${P}){7,}`]]){
 const re=new RegExp(src,'g');
 for(let i=0;i<3;i++){const a=performance.now(); let n=0; re.lastIndex=0; for(let m=re.exec(text);m;m=re.exec(text))n++; const d=performance.now()-a; console.log(name,(20/(d/1000)).toFixed(0),'MB/s',n);}
}
